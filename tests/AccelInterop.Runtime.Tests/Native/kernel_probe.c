/* Prints, as key=value lines, the values this machine's C compiler and headers give for the
   constants and layouts the runtime tests compare against. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <linux/ioctl.h>

#define VALUE(name) printf("%s=%llu\n", #name, (unsigned long long)(name))
#define REQUEST(key, value)                                                        \
    do {                                                                           \
        unsigned long long v_ = (unsigned long long)(value);                       \
        printf("%s=%llu\n", key, v_);                                              \
        printf("%s.dir=%llu\n", key, (unsigned long long)_IOC_DIR(v_));            \
        printf("%s.type=%llu\n", key, (unsigned long long)_IOC_TYPE(v_));          \
        printf("%s.nr=%llu\n", key, (unsigned long long)_IOC_NR(v_));              \
        printf("%s.size=%llu\n", key, (unsigned long long)_IOC_SIZE(v_));          \
    } while (0)

int main(void)
{
    REQUEST("FIONREAD", FIONREAD);
    REQUEST("TIOCGWINSZ", TIOCGWINSZ);
    REQUEST("TIOCSWINSZ", TIOCSWINSZ);
    /* A request no driver behind /dev/null knows: an _IOR on a type byte with no owner. */
    REQUEST("UNKNOWN_IOR", _IOR(0xAC, 0x01, unsigned long long));
    /* DRM-shaped commands for the simulated kernel's encoder: every direction, type 'd'. */
    REQUEST("D_IOWR_40_16", _IOWR('d', 0x40, char[16]));
    REQUEST("D_IOW_41_16", _IOW('d', 0x41, char[16]));
    REQUEST("D_IOR_43_16", _IOR('d', 0x43, char[16]));
    REQUEST("D_IO_02", _IO('d', 0x02));
    REQUEST("D_IOWR_00_64", _IOWR('d', 0x00, char[64]));
    REQUEST("D_IOWR_MAXSIZE", _IOWR('d', 0x7f, char[(1 << _IOC_SIZEBITS) - 1]));
    printf("ioc.read=%u\n", (unsigned)_IOC_READ);
    printf("ioc.write=%u\n", (unsigned)_IOC_WRITE);

    printf("winsize.size=%zu\n", sizeof(struct winsize));
    printf("winsize.ws_row=%zu\n", offsetof(struct winsize, ws_row));
    printf("winsize.ws_col=%zu\n", offsetof(struct winsize, ws_col));
    printf("winsize.ws_xpixel=%zu\n", offsetof(struct winsize, ws_xpixel));
    printf("winsize.ws_ypixel=%zu\n", offsetof(struct winsize, ws_ypixel));

    printf("pollfd.size=%zu\n", sizeof(struct pollfd));
    printf("pollfd.fd=%zu\n", offsetof(struct pollfd, fd));
    printf("pollfd.events=%zu\n", offsetof(struct pollfd, events));
    printf("pollfd.revents=%zu\n", offsetof(struct pollfd, revents));

    VALUE(O_RDONLY); VALUE(O_WRONLY); VALUE(O_RDWR); VALUE(O_NOCTTY); VALUE(O_NONBLOCK); VALUE(O_CLOEXEC);
    VALUE(PROT_NONE); VALUE(PROT_READ); VALUE(PROT_WRITE);
    VALUE(MAP_SHARED); VALUE(MAP_PRIVATE); VALUE(MAP_FIXED);
    VALUE(POLLIN); VALUE(POLLPRI); VALUE(POLLOUT); VALUE(POLLERR); VALUE(POLLHUP); VALUE(POLLNVAL);
    VALUE(MFD_CLOEXEC);
    /* The request layout of this architecture's <asm/ioctl.h>, for the target table. */
    VALUE(_IOC_NRSHIFT); VALUE(_IOC_TYPESHIFT); VALUE(_IOC_SIZESHIFT); VALUE(_IOC_DIRSHIFT);
    VALUE(_IOC_NRBITS); VALUE(_IOC_TYPEBITS); VALUE(_IOC_SIZEBITS); VALUE(_IOC_DIRBITS);
    VALUE(_IOC_NONE); VALUE(_IOC_WRITE); VALUE(_IOC_READ);
    VALUE(EFD_SEMAPHORE); VALUE(EFD_NONBLOCK); VALUE(EFD_CLOEXEC);

    printf("statx.size=%zu\n", sizeof(struct statx));
    printf("statx.stx_mode=%zu\n", offsetof(struct statx, stx_mode));
    printf("statx.stx_ino=%zu\n", offsetof(struct statx, stx_ino));
    printf("statx.stx_rdev_major=%zu\n", offsetof(struct statx, stx_rdev_major));
    printf("statx.stx_rdev_minor=%zu\n", offsetof(struct statx, stx_rdev_minor));
    printf("statx.stx_dev_major=%zu\n", offsetof(struct statx, stx_dev_major));
    printf("statx.stx_dev_minor=%zu\n", offsetof(struct statx, stx_dev_minor));
    VALUE(AT_EMPTY_PATH); VALUE(STATX_TYPE); VALUE(STATX_MODE); VALUE(STATX_INO); VALUE(S_IFMT); VALUE(S_IFCHR);

    /* What fstat says about /dev/null here, to hold the statx decoding against. */
    struct stat null_stat;
    if (stat("/dev/null", &null_stat) == 0) {
        printf("devnull.dev=%llu\n", (unsigned long long)null_stat.st_dev);
        printf("devnull.ino=%llu\n", (unsigned long long)null_stat.st_ino);
        printf("devnull.mode=%llu\n", (unsigned long long)null_stat.st_mode);
        printf("devnull.rdev=%llu\n", (unsigned long long)null_stat.st_rdev);
        printf("devnull.rdev_major=%u\n", major(null_stat.st_rdev));
        printf("devnull.rdev_minor=%u\n", minor(null_stat.st_rdev));
    }
    return 0;
}
