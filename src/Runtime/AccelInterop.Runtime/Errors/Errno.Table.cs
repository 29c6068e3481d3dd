using System.Runtime.CompilerServices;

namespace AccelInterop.Runtime.Errors;

// The errno table: every kernel error number once, with its name (the field name). The Runtime,
// the simulated kernel and every simulated driver use these; kernel code returns them negated
// (`return -EINVAL;`, see the unary minus on Errno). The numbers are the asm-generic ones, which
// every architecture .NET runs on uses; the tests hold them against the installed headers.
public readonly partial struct Errno
{
    private const int Largest = 133;

    // Before the fields below: static initializers run in textual order.
    private static readonly string?[] s_names = new string?[Largest + 1];
    private static readonly List<(string Alias, Errno Errno)> s_aliases = [];

    public static readonly Errno EPERM = Define(1);
    public static readonly Errno ENOENT = Define(2);
    public static readonly Errno ESRCH = Define(3);
    public static readonly Errno EINTR = Define(4);
    public static readonly Errno EIO = Define(5);
    public static readonly Errno ENXIO = Define(6);
    public static readonly Errno E2BIG = Define(7);
    public static readonly Errno ENOEXEC = Define(8);
    public static readonly Errno EBADF = Define(9);
    public static readonly Errno ECHILD = Define(10);
    public static readonly Errno EAGAIN = Define(11);
    public static readonly Errno ENOMEM = Define(12);
    public static readonly Errno EACCES = Define(13);
    public static readonly Errno EFAULT = Define(14);
    public static readonly Errno ENOTBLK = Define(15);
    public static readonly Errno EBUSY = Define(16);
    public static readonly Errno EEXIST = Define(17);
    public static readonly Errno EXDEV = Define(18);
    public static readonly Errno ENODEV = Define(19);
    public static readonly Errno ENOTDIR = Define(20);
    public static readonly Errno EISDIR = Define(21);
    public static readonly Errno EINVAL = Define(22);
    public static readonly Errno ENFILE = Define(23);
    public static readonly Errno EMFILE = Define(24);
    public static readonly Errno ENOTTY = Define(25);
    public static readonly Errno ETXTBSY = Define(26);
    public static readonly Errno EFBIG = Define(27);
    public static readonly Errno ENOSPC = Define(28);
    public static readonly Errno ESPIPE = Define(29);
    public static readonly Errno EROFS = Define(30);
    public static readonly Errno EMLINK = Define(31);
    public static readonly Errno EPIPE = Define(32);
    public static readonly Errno EDOM = Define(33);
    public static readonly Errno ERANGE = Define(34);
    public static readonly Errno EDEADLK = Define(35);
    public static readonly Errno ENAMETOOLONG = Define(36);
    public static readonly Errno ENOLCK = Define(37);
    public static readonly Errno ENOSYS = Define(38);
    public static readonly Errno ENOTEMPTY = Define(39);
    public static readonly Errno ELOOP = Define(40);
    public static readonly Errno ENOMSG = Define(42);
    public static readonly Errno EIDRM = Define(43);
    public static readonly Errno ECHRNG = Define(44);
    public static readonly Errno EL2NSYNC = Define(45);
    public static readonly Errno EL3HLT = Define(46);
    public static readonly Errno EL3RST = Define(47);
    public static readonly Errno ELNRNG = Define(48);
    public static readonly Errno EUNATCH = Define(49);
    public static readonly Errno ENOCSI = Define(50);
    public static readonly Errno EL2HLT = Define(51);
    public static readonly Errno EBADE = Define(52);
    public static readonly Errno EBADR = Define(53);
    public static readonly Errno EXFULL = Define(54);
    public static readonly Errno ENOANO = Define(55);
    public static readonly Errno EBADRQC = Define(56);
    public static readonly Errno EBADSLT = Define(57);
    public static readonly Errno EBFONT = Define(59);
    public static readonly Errno ENOSTR = Define(60);
    public static readonly Errno ENODATA = Define(61);
    public static readonly Errno ETIME = Define(62);
    public static readonly Errno ENOSR = Define(63);
    public static readonly Errno ENONET = Define(64);
    public static readonly Errno ENOPKG = Define(65);
    public static readonly Errno EREMOTE = Define(66);
    public static readonly Errno ENOLINK = Define(67);
    public static readonly Errno EADV = Define(68);
    public static readonly Errno ESRMNT = Define(69);
    public static readonly Errno ECOMM = Define(70);
    public static readonly Errno EPROTO = Define(71);
    public static readonly Errno EMULTIHOP = Define(72);
    public static readonly Errno EDOTDOT = Define(73);
    public static readonly Errno EBADMSG = Define(74);
    public static readonly Errno EOVERFLOW = Define(75);
    public static readonly Errno ENOTUNIQ = Define(76);
    public static readonly Errno EBADFD = Define(77);
    public static readonly Errno EREMCHG = Define(78);
    public static readonly Errno ELIBACC = Define(79);
    public static readonly Errno ELIBBAD = Define(80);
    public static readonly Errno ELIBSCN = Define(81);
    public static readonly Errno ELIBMAX = Define(82);
    public static readonly Errno ELIBEXEC = Define(83);
    public static readonly Errno EILSEQ = Define(84);
    public static readonly Errno ERESTART = Define(85);
    public static readonly Errno ESTRPIPE = Define(86);
    public static readonly Errno EUSERS = Define(87);
    public static readonly Errno ENOTSOCK = Define(88);
    public static readonly Errno EDESTADDRREQ = Define(89);
    public static readonly Errno EMSGSIZE = Define(90);
    public static readonly Errno EPROTOTYPE = Define(91);
    public static readonly Errno ENOPROTOOPT = Define(92);
    public static readonly Errno EPROTONOSUPPORT = Define(93);
    public static readonly Errno ESOCKTNOSUPPORT = Define(94);
    public static readonly Errno EOPNOTSUPP = Define(95);
    public static readonly Errno EPFNOSUPPORT = Define(96);
    public static readonly Errno EAFNOSUPPORT = Define(97);
    public static readonly Errno EADDRINUSE = Define(98);
    public static readonly Errno EADDRNOTAVAIL = Define(99);
    public static readonly Errno ENETDOWN = Define(100);
    public static readonly Errno ENETUNREACH = Define(101);
    public static readonly Errno ENETRESET = Define(102);
    public static readonly Errno ECONNABORTED = Define(103);
    public static readonly Errno ECONNRESET = Define(104);
    public static readonly Errno ENOBUFS = Define(105);
    public static readonly Errno EISCONN = Define(106);
    public static readonly Errno ENOTCONN = Define(107);
    public static readonly Errno ESHUTDOWN = Define(108);
    public static readonly Errno ETOOMANYREFS = Define(109);
    public static readonly Errno ETIMEDOUT = Define(110);
    public static readonly Errno ECONNREFUSED = Define(111);
    public static readonly Errno EHOSTDOWN = Define(112);
    public static readonly Errno EHOSTUNREACH = Define(113);
    public static readonly Errno EALREADY = Define(114);
    public static readonly Errno EINPROGRESS = Define(115);
    public static readonly Errno ESTALE = Define(116);
    public static readonly Errno EUCLEAN = Define(117);
    public static readonly Errno ENOTNAM = Define(118);
    public static readonly Errno ENAVAIL = Define(119);
    public static readonly Errno EISNAM = Define(120);
    public static readonly Errno EREMOTEIO = Define(121);
    public static readonly Errno EDQUOT = Define(122);
    public static readonly Errno ENOMEDIUM = Define(123);
    public static readonly Errno EMEDIUMTYPE = Define(124);
    public static readonly Errno ECANCELED = Define(125);
    public static readonly Errno ENOKEY = Define(126);
    public static readonly Errno EKEYEXPIRED = Define(127);
    public static readonly Errno EKEYREVOKED = Define(128);
    public static readonly Errno EKEYREJECTED = Define(129);
    public static readonly Errno EOWNERDEAD = Define(130);
    public static readonly Errno ENOTRECOVERABLE = Define(131);
    public static readonly Errno ERFKILL = Define(132);
    public static readonly Errno EHWPOISON = Define(133);

    /// <summary>Another name the headers give EAGAIN.</summary>
    public static readonly Errno EWOULDBLOCK = Alias(EAGAIN);

    /// <summary>Another name the headers give EDEADLK.</summary>
    public static readonly Errno EDEADLOCK = Alias(EDEADLK);

    private static Errno Define(int number, [CallerMemberName] string name = "")
    {
        s_names[number] = name;
        return new Errno(number);
    }

    private static Errno Alias(Errno errno, [CallerMemberName] string name = "")
    {
        s_aliases.Add((name, errno));
        return errno;
    }
}
