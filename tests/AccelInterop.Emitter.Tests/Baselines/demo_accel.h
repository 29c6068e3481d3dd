/* SPDX-License-Identifier: MIT */
/*
 * A made-up accelerator uAPI written for the emitter's baseline tests: every shape the
 * emitter binds (nested and anonymous unions, bitfields, flexible arrays, flag families,
 * enums, the four request directions) in one small header.
 */
#ifndef DEMO_ACCEL_H
#define DEMO_ACCEL_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define DEMO_ACCEL_MAX_ENGINES 4

#define DEMO_BO_CREATE_FLAG_CACHED   (1 << 0)
#define DEMO_BO_CREATE_FLAG_PINNED   (1 << 1)
#define DEMO_BO_CREATE_FLAG_READONLY (1 << 2)

enum demo_engine_kind {
	DEMO_ENGINE_COMPUTE = 0,
	DEMO_ENGINE_COPY = 1,
	DEMO_ENGINE_VIDEO = 7,
};

struct demo_bo_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
	__u64 reserved[2];
};

struct demo_engine_desc {
	__u16 kind;
	__u16 instance;
	__u32 priority : 4;
	__s32 bias : 5;
	__u32 enabled : 1;
	__u32 : 0;
	__le32 doorbell;
};

struct demo_submit {
	__u32 queue_id;
	__u32 num_cmds;
	union {
		__u64 cmds_ptr;
		struct {
			__u32 inline_cmd;
			__u32 inline_len;
		};
	};
	struct demo_engine_desc engines[DEMO_ACCEL_MAX_ENGINES];
	__u32 syncobj_handle;
	__u32 pad;
};

struct demo_query {
	__u32 count;
	__u32 mbz;
	__u64 values[];
};

/* A one-element array overlaid with a flexible one through an empty struct (GNU C). */
struct demo_flex_union {
	__u32 count;
	union {
		__u32 one[1];
		struct {
			struct { } __empty_many;
			__u32 many[];
		};
	};
};

#define DEMO_IOCTL_BASE 'D'
#define DEMO_IOCTL_BO_CREATE _IOWR(DEMO_IOCTL_BASE, 0x01, struct demo_bo_create)
#define DEMO_IOCTL_SUBMIT    _IOW(DEMO_IOCTL_BASE, 0x02, struct demo_submit)
#define DEMO_IOCTL_QUERY     _IOR(DEMO_IOCTL_BASE, 0x03, struct demo_query)
#define DEMO_IOCTL_RESET     _IO(DEMO_IOCTL_BASE, 0x04)

#endif
