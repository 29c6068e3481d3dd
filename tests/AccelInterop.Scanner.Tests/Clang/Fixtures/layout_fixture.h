/* Test fixture for the libclang binding: every layout number the tests check is printed by a
 * gcc-compiled probe of this same header, never typed into the tests. */
#ifndef ACCELINTEROP_LAYOUT_FIXTURE_H
#define ACCELINTEROP_LAYOUT_FIXTURE_H

#define PROBE_MAGIC ((1ULL << 40) | 0x17)
#define PROBE_NEGATIVE (-42)
#define PROBE_TWICE(x) ((x) * 2)

enum probe_signed {
	PROBE_NEG = -5,
	PROBE_ZERO = 0,
	PROBE_POS = 7,
};

enum probe_unsigned {
	PROBE_SMALL = 1,
	PROBE_HIGH = 0x80000000u,
	PROBE_MAX = 0xFFFFFFFFu,
};

struct probe_inner {
	unsigned short a;
	unsigned char b;
};

struct probe_record {
	unsigned char tag;
	union {
		unsigned int as_u32;
		unsigned long long as_u64;
		struct probe_inner as_inner;
	};
	unsigned int low : 3;
	unsigned int mid : 9;
	unsigned int high : 21;
	signed char after;
	struct {
		int x;
		int y;
	} named;
	unsigned short count;
	unsigned long long flex[];
};

struct __attribute__((packed)) probe_packed {
	unsigned char c;
	unsigned int u;
	unsigned short s;
};

struct probe_aligned {
	char c;
	int v __attribute__((aligned(16)));
};

typedef struct probe_packed probe_packed_t;
typedef unsigned int probe_u32;

struct probe_uses_typedef {
	probe_u32 value;
	const struct probe_inner inner;
	probe_packed_t packed;
	enum probe_unsigned kind;
	unsigned char bytes[5];
	void *pointer;
};

static const unsigned long long probe_all_ones = ~0ULL;
static const long long probe_minus_one = -1;
static const double probe_half = 0.5;

#endif
