namespace AccelInterop.Conformance.Tests.Rules;

/// <summary>A uAPI header written for the rule tests: one struct or request per rule, and a clean one.</summary>
internal static class RuleHeader
{
    public const string Path = "rt/rt_uapi.h";

    public const string Text = """
        #ifndef RT_UAPI_H
        #define RT_UAPI_H
        #include <linux/types.h>
        #include <linux/ioctl.h>

        #define RT_MAGIC 'R'
        #define RT_ALL_ONES (~0UL)
        #define RT_FLAG_BIG (1ULL << 40)

        struct rt_clean {
        	__u32 handle;
        	__u32 flags;
        	__u64 addr;
        };

        struct rt_hole {
        	__u32 a;
        	__u64 b;
        };

        struct rt_tail {
        	__u64 a;
        	__u32 b;
        };

        struct rt_long {
        	unsigned long len;
        	void *ptr;
        	__u64 fixed;
        };

        struct rt_bits {
        	__u32 mode : 3;
        	__u32 rest : 29;
        };

        enum rt_kind { RT_KIND_A, RT_KIND_B };

        struct rt_enum {
        	enum rt_kind kind;
        	__u32 pad;
        };

        struct rt_out {
        	__u32 handle;
        	__u32 out_fence;
        };

        #define RT_IOCTL_CLEAN _IOWR(RT_MAGIC, 0x00, struct rt_clean)
        #define RT_IOCTL_SIZEOF _IOW(RT_MAGIC, 0x01, sizeof(struct rt_clean))
        #define RT_IOCTL_OUT _IOW(RT_MAGIC, 0x02, struct rt_out)
        #define RT_IOCTL_SET _IOW(RT_MAGIC, 0x03, struct rt_clean)
        #define RT_IOCTL_GET _IOR(RT_MAGIC, 0x03, struct rt_clean)
        #define RT_IOCTL_LEN _IOR(RT_MAGIC, 0x04, __kernel_size_t)

        struct rt_big {
        	__u8 data[8192];
        };

        #define RT_IOCTL_BIG _IOW(RT_MAGIC, 0x05, struct rt_big)

        #endif

        """;

    /// <summary>A header that follows every rule.</summary>
    public const string CleanText = """
        #ifndef RT_CLEAN_H
        #define RT_CLEAN_H
        #include <linux/types.h>
        #include <linux/ioctl.h>

        #define RT_CLEAN_MAX 16

        struct rt_clean {
        	__u32 handle;
        	__u32 flags;
        	__u64 addr;
        };

        #define RT_IOCTL_CLEAN _IOWR('R', 0x00, struct rt_clean)

        #endif

        """;
}
