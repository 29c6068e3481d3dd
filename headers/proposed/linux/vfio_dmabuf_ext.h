/* SPDX-License-Identifier: MIT */
/*
 * Proposed VFIO DMA-BUF extensions, to be used together with <linux/vfio.h>
 * (this file includes it). They are NOT in mainline Linux; this file is not
 * a kernel header.
 *
 * Written by the AccelInterop project. Only facts (names, numeric values,
 * member types and order, ioctl encodings) are carried over from the series
 * below; every comment and the arrangement of this file are ours.
 *
 * Source: "[PATCH v2 0/9] vfio/pci: Add mmap() for DMABUFs", Matt Evans,
 * posted 27 May 2026 to kvm, linux-pci, linux-media, dri-devel and
 * linaro-mm-sig, cover letter <20260527102319.100128-1-mattev@meta.com>.
 * Only two of its patches touch include/uapi/linux/vfio.h:
 *   8/9 "vfio/pci: Permanently revoke a DMABUF on request"
 *       <20260527102319.100128-9-mattev@meta.com>
 *   9/9 "vfio/pci: Add mmap() attributes to DMABUF feature"
 *       <20260527102319.100128-10-mattev@meta.com>
 * Later revisions (v3 of 10 June 2026, v4 of 1 July 2026) changed this
 * ABI (revocation became a device feature, feature numbers moved); this
 * file follows v2 only.
 */

#ifndef ACCELINTEROP_PROPOSED_LINUX_VFIO_DMABUF_EXT_H
#define ACCELINTEROP_PROPOSED_LINUX_VFIO_DMABUF_EXT_H

#include <linux/types.h>
#include <linux/vfio.h>

#if defined(__cplusplus)
extern "C" {
#endif

/*
 * VFIO_DEVICE_PCI_DMABUF_REVOKE, issued on a vfio-pci device fd: revoke,
 * for good, a dma-buf that was exported from this same device with
 * VFIO_DEVICE_FEATURE_DMA_BUF. Afterwards the dma-buf can no longer be
 * mapped, mmap()ed or attached. argsz is the usual VFIO size field
 * (at least 8); dmabuf_fd names the dma-buf.
 */
struct vfio_pci_dmabuf_revoke {
	__u32 argsz;
	__s32 dmabuf_fd;
};

#define VFIO_DEVICE_PCI_DMABUF_REVOKE	_IO(VFIO_TYPE, VFIO_BASE + 22)

/*
 * VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR (GET and SET through
 * VFIO_DEVICE_FEATURE): the CPU memory type that later mmap()s of an
 * exported dma-buf will use. Mappings that already exist keep theirs.
 * The payload names the dma-buf and one of enum vfio_device_dma_buf_memattr.
 */
#define VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR	13

enum vfio_device_dma_buf_memattr {
	VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR_NC = 0,	/* uncached; the default */
	VFIO_DEVICE_FEATURE_DMA_BUF_MEMATTR_WC = 1,	/* write-combining */
};

struct vfio_device_feature_dma_buf_memattr {
	__s32 dmabuf_fd;
	__u32 memattr;
};

#if defined(__cplusplus)
}
#endif

#endif /* ACCELINTEROP_PROPOSED_LINUX_VFIO_DMABUF_EXT_H */
