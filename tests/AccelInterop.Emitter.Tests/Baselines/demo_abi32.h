/* SPDX-License-Identifier: MIT */
/*
 * A made-up uAPI for the emitter's baseline tests whose layouts differ between ILP32 and
 * LP64 targets: C long and pointers, __u64 after a __u32 (4-aligned on i386), and an
 * explicitly 8-aligned member that .NET cannot reproduce on i386.
 */
#ifndef DEMO_ABI32_H
#define DEMO_ABI32_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define DEMO_ALL_ONES (~0UL)
#define DEMO_PAGE_MASK (~((1UL << 12) - 1))

struct demo_legacy_map {
	unsigned long offset;
	unsigned long size;
	int mtrr;
	void *handle;
};

struct demo_u64_after_u32 {
	__u32 tag;
	__u64 value;
	__u32 tail;
};

struct demo_aligned_u64 {
	unsigned long cookie;
	__u32 flags;
	__aligned_u64 addr;
};

struct demo_names {
	unsigned long count;
	struct demo_u64_after_u32 items[2];
	__u32 name_len;
	char name[];
};

#define DEMO_IOCTL_MAP     _IOWR('E', 0x10, struct demo_legacy_map)
#define DEMO_IOCTL_U64     _IOW('E', 0x11, struct demo_u64_after_u32)
#define DEMO_IOCTL_ALIGNED _IOW('E', 0x12, struct demo_aligned_u64)
#define DEMO_IOCTL_SET_ID  _IOW('E', 0x13, unsigned long)

#endif
