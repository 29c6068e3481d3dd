/* SPDX-License-Identifier: MIT */
/*
 * A uAPI-style header written for AccelInterop's tests: one of each construct the
 * scanner must lay out exactly on every target. The expected numbers are never written
 * down anywhere: the tests ask gcc/clang for them.
 */
#ifndef ACCELINTEROP_TEST_FEATURES_H
#define ACCELINTEROP_TEST_FEATURES_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define FEAT_IOCTL_BASE 'F'
#define FEAT_SHIFT      12
#define FEAT_MASK       ((1u << FEAT_SHIFT) - 1)
#define FEAT_ALL_LONG   (~0UL)
#define FEAT_BIG        0xFFFFFFFFFFFFFFF0ULL
#define FEAT_NEG        (-42)
#define FEAT_CHAR       'z'
#define FEAT_NAME       "features"

typedef __u32 feat_handle_t;
typedef feat_handle_t feat_ctx_t;

enum feat_signed { FEAT_S_MINUS = -3, FEAT_S_ZERO, FEAT_S_BIG = 0x7fffffff };
enum feat_unsigned { FEAT_U_HIGH = 0x80000000u, FEAT_U_TOP = 0xffffffffu };
enum feat_wide { FEAT_W_HUGE = 0x100000000ULL, FEAT_W_MAX = 0xffffffffffffffffULL };
enum { FEAT_ANON_A = 1, FEAT_ANON_B = 1 << 4 };
typedef enum { FEAT_TD_X = 5 } feat_td_enum;

struct feat_unaligned_u64 {
	__u32 flags;
	__u64 value;          /* i386 and arm differ here */
};

struct feat_aligned_u64 {
	__u32 flags;
	__aligned_u64 value;  /* same everywhere */
};

struct feat_bits {
	__u32 lo : 3;
	__u32 mid : 13;
	__s32 neg : 5;
	__u8 byte_bits : 4;
	__u64 wide : 40;
	__u32 : 0;
	__u16 after_zero : 2;
};

struct feat_packed {
	__u8 tag;
	__u32 len;
	__u16 bits : 12;
	__u16 more : 9;
} __attribute__((packed));

struct feat_over_aligned {
	__u8 x;
} __attribute__((aligned(16)));

struct feat_nested {
	__u16 kind;
	struct feat_inner {
		__u8 a;
		__u64 b;
	} inner;
	union {
		__u32 as_u32;
		__u8 as_bytes[4];
		struct {
			__u16 lo16;
			__u16 hi16;
		};
	};
	struct {
		__le32 le;
		__be16 be;
	} named_anon;
	__u32 matrix[2][3];
	feat_ctx_t ctx;
	enum feat_signed kind2;
	__kernel_size_t ksize;
	long native_long;
	void *ptr;
	__u8 tail[];
};

typedef struct {
	__u32 a;
	__u16 b;
} feat_typedef_only;

union feat_union {
	__u64 x;
	__u8 bytes[12];
	struct feat_aligned_u64 s;
};

struct feat_zero_len {
	__u32 count;
	__u64 items[0];
};

#define FEAT_IOCTL_NONE     _IO(FEAT_IOCTL_BASE, 0x00)
#define FEAT_IOCTL_READ     _IOR(FEAT_IOCTL_BASE, 0x01, struct feat_nested)
#define FEAT_IOCTL_WRITE    _IOW(FEAT_IOCTL_BASE, 0x02, struct feat_unaligned_u64)
#define FEAT_IOCTL_RW       _IOWR(FEAT_IOCTL_BASE, 0x03, union feat_union)
#define FEAT_IOCTL_SCALAR   _IOW(FEAT_IOCTL_BASE, 0x04, __u32)
#define FEAT_IOCTL_TYPEDEF  _IOR(FEAT_IOCTL_BASE, 0x05, feat_typedef_only)
#define FEAT_WRAP(nr, T)    _IOWR(FEAT_IOCTL_BASE, 0x40 + (nr), T)
#define FEAT_IOCTL_WRAPPED  FEAT_WRAP(1, struct feat_packed)

#endif
