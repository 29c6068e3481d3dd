/* SPDX-License-Identifier: MIT */
/*
 * Proposed uAPI of the Qualcomm DSP accelerator driver (accel/qda).
 * This driver is NOT in mainline Linux; this file is not a kernel header.
 *
 * Written by the AccelInterop project. Only facts (names, numeric values,
 * member types and order, ioctl directions) are carried over from the
 * series below; every comment and the arrangement of this file are ours.
 *
 * Source: "accel/qda" patch series v1 (15 patches), Ekansh Gupta,
 * posted 19 May 2026 to dri-devel, linux-arm-msm and linaro-mm-sig,
 * cover letter <20260519-qda-series-v1-0-b2d984c297f8@oss.qualcomm.com>.
 * The state described is include/uapi/drm/qda_accel.h after 15/15;
 * the patches that shape it (Message-Id <20260519-qda-series-v1-N-
 * b2d984c297f8@oss.qualcomm.com>, N = patch number):
 *   08/15 "accel/qda: Add QUERY IOCTL and QDA UAPI header"
 *   10/15 "accel/qda: Add GEM_CREATE and GEM_MMAP_OFFSET IOCTLs"
 *   12/15 "accel/qda: Add FastRPC invocation support"
 *   13/15 "accel/qda: Add DSP process creation and release"
 *   14/15 "accel/qda: Add remote memory mapping to DSP address space"
 *   15/15 "accel/qda: Add remote memory unmap from DSP address space"
 */

#ifndef ACCELINTEROP_PROPOSED_DRM_QDA_ACCEL_H
#define ACCELINTEROP_PROPOSED_DRM_QDA_ACCEL_H

/*
 * Like the other DRM uAPI headers we expect to live next to drm.h. When
 * this file is used from a separate tree (headers/proposed), fall back to
 * the installed <drm/drm.h>.
 */
#if defined(__has_include)
#if __has_include("drm.h")
#include "drm.h"
#else
#include <drm/drm.h>
#endif
#else
#include "drm.h"
#endif

#if defined(__cplusplus)
extern "C" {
#endif

/* Driver command numbers, relative to DRM_COMMAND_BASE. */
#define DRM_QDA_QUERY			0x00
#define DRM_QDA_GEM_CREATE		0x01
#define DRM_QDA_GEM_MMAP_OFFSET		0x02
/* 0x03 is left unused: held for an INIT_ATTACH request that v1 lacks. */
#define DRM_QDA_REMOTE_SESSION_CREATE	0x04
#define DRM_QDA_REMOTE_MAP		0x05
#define DRM_QDA_REMOTE_MUNMAP		0x06
#define DRM_QDA_REMOTE_INVOKE		0x07

/* Full request codes. */
#define DRM_IOCTL_QDA_QUERY \
	DRM_IOR(DRM_COMMAND_BASE + DRM_QDA_QUERY, struct drm_qda_query)
#define DRM_IOCTL_QDA_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_GEM_CREATE, struct drm_qda_gem_create)
#define DRM_IOCTL_QDA_GEM_MMAP_OFFSET \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_GEM_MMAP_OFFSET, struct drm_qda_gem_mmap_offset)
#define DRM_IOCTL_QDA_REMOTE_SESSION_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_REMOTE_SESSION_CREATE, struct drm_qda_init_create)
#define DRM_IOCTL_QDA_REMOTE_MAP \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_REMOTE_MAP, struct drm_qda_mem_map)
#define DRM_IOCTL_QDA_REMOTE_MUNMAP \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_REMOTE_MUNMAP, struct drm_qda_mem_unmap)
#define DRM_IOCTL_QDA_REMOTE_INVOKE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_QDA_REMOTE_INVOKE, struct drm_qda_invoke_args)

/* Values of drm_qda_mem_map.request. */
#define QDA_MAP_REQUEST_LEGACY		1	/* plain map of a buffer */
#define QDA_MAP_REQUEST_ATTR		2	/* map by dma-buf fd with attributes */

/* Values of drm_qda_mem_unmap.request. */
#define QDA_MUNMAP_REQUEST_LEGACY	1	/* undo a LEGACY map (uses vaddrout) */
#define QDA_MUNMAP_REQUEST_ATTR		2	/* undo an ATTR map (uses fd, vaddr) */

/* QUERY: filled by the driver with the DSP domain name, NUL-terminated. */
struct drm_qda_query {
	__u8 dsp_name[16];
};

/* GEM_CREATE: size in bytes in, new GEM handle out; pad must be 0. */
struct drm_qda_gem_create {
	__u64 size;
	__u32 handle;
	__u32 pad;
};

/* GEM_MMAP_OFFSET: GEM handle in, fake offset for mmap() out; pad must be 0. */
struct drm_qda_gem_mmap_offset {
	__u64 offset;
	__u32 handle;
	__u32 pad;
};

/*
 * One element of the array that drm_qda_invoke_args.args points to:
 * a user buffer (ptr, length) or a dma-buf (fd > 0), plus attribute bits.
 */
struct drm_qda_fastrpc_invoke_args {
	__u64 ptr;
	__u64 length;
	__s32 fd;
	__u32 attr;
};

/*
 * REMOTE_SESSION_CREATE: start a user process on the DSP. The image is
 * either a dma-buf (filefd) or user memory (file, a user address) of
 * filelen bytes; attrs and siglen are handed to the DSP.
 */
struct drm_qda_init_create {
	__u32 filelen;
	__s32 filefd;
	__u32 attrs;
	__u32 siglen;
	__u64 file;
};

/*
 * REMOTE_INVOKE: call method sc on remote handle "handle". sc is the
 * FastRPC scalars word (buffer and handle counts); args is the user
 * address of an array of struct drm_qda_fastrpc_invoke_args, one per
 * buffer or handle counted in sc.
 */
struct drm_qda_invoke_args {
	__u32 handle;
	__u32 sc;
	__u64 args;
};

/*
 * REMOTE_MAP: map a buffer into the DSP address space. request is one of
 * QDA_MAP_REQUEST_*; pad must be 0; vaddrout receives the DSP address.
 */
struct drm_qda_mem_map {
	__u32 request;
	__u32 flags;
	__s32 fd;
	__u32 attrs;
	__u32 offset;
	__u32 pad;
	__u64 vaddrin;
	__u64 size;
	__u64 vaddrout;
};

/* REMOTE_MUNMAP: remove a mapping made by REMOTE_MAP (QDA_MUNMAP_REQUEST_*). */
struct drm_qda_mem_unmap {
	__u32 request;
	__s32 fd;
	__u64 vaddr;
	__u64 vaddrout;
	__u64 size;
};

#if defined(__cplusplus)
}
#endif

#endif /* ACCELINTEROP_PROPOSED_DRM_QDA_ACCEL_H */
