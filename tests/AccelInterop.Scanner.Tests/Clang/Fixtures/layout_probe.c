/* Prints, as key=value lines, what gcc says about layout_fixture.h: the expected values of the
 * binding's layout tests. Built and run by GccLayoutProbe.cs. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "layout_fixture.h"

#define RECORD(T) \
	printf("size.%s=%zu\nalign.%s=%zu\n", #T, sizeof(struct T), #T, _Alignof(struct T))
#define OFFSET(T, F) printf("offset.%s.%s=%zu\n", #T, #F, offsetof(struct T, F))
#define COUNT(T, F) printf("count.%s.%s=%zu\n", #T, #F, sizeof(((struct T *)0)->F) / sizeof(((struct T *)0)->F[0]))
#define SIGNED(K, V) printf("%s=%lld\n", K, (long long)(V))
#define UNSIGNED(K, V) printf("%s=%llu\n", K, (unsigned long long)(V))

/* A bit-field has no offsetof: set all of its bits in a zeroed record and look where they are.
 * Bit offsets count as clang's do: from the first byte, in allocation order (from the least
 * significant bit on little-endian targets, from the most significant on big-endian ones). */
static volatile unsigned int all_ones = ~0u;

static void report_bits(const char *name, const unsigned char *bytes, size_t size)
{
	long first = -1, width = 0;
	for (size_t i = 0; i < size; i++) {
		for (int b = 0; b < 8; b++) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			int bit = b;
#else
			int bit = 7 - b;
#endif
			if ((bytes[i] >> bit) & 1) {
				if (first < 0)
					first = (long)(i * 8 + (size_t)b);
				width++;
			}
		}
	}
	printf("bitoffset.%s=%ld\nbitwidth.%s=%ld\n", name, first, name, width);
}

#define BITFIELD(T, F) do { \
	struct T r; \
	memset(&r, 0, sizeof r); \
	r.F = all_ones; \
	report_bits(#T "." #F, (const unsigned char *)&r, sizeof r); \
} while (0)

int main(void)
{
	RECORD(probe_inner);
	RECORD(probe_record);
	RECORD(probe_packed);
	RECORD(probe_aligned);
	RECORD(probe_uses_typedef);

	OFFSET(probe_inner, a);
	OFFSET(probe_inner, b);
	OFFSET(probe_record, tag);
	OFFSET(probe_record, as_u32);
	OFFSET(probe_record, as_u64);
	OFFSET(probe_record, as_inner);
	OFFSET(probe_record, after);
	OFFSET(probe_record, named);
	OFFSET(probe_record, count);
	OFFSET(probe_record, flex);
	OFFSET(probe_packed, c);
	OFFSET(probe_packed, u);
	OFFSET(probe_packed, s);
	OFFSET(probe_aligned, c);
	OFFSET(probe_aligned, v);
	OFFSET(probe_uses_typedef, value);
	OFFSET(probe_uses_typedef, inner);
	OFFSET(probe_uses_typedef, packed);
	OFFSET(probe_uses_typedef, kind);
	OFFSET(probe_uses_typedef, bytes);
	OFFSET(probe_uses_typedef, pointer);
	COUNT(probe_uses_typedef, bytes);

	BITFIELD(probe_record, low);
	BITFIELD(probe_record, mid);
	BITFIELD(probe_record, high);

	SIGNED("enum.PROBE_NEG", PROBE_NEG);
	SIGNED("enum.PROBE_ZERO", PROBE_ZERO);
	SIGNED("enum.PROBE_POS", PROBE_POS);
	SIGNED("enum.PROBE_SMALL", PROBE_SMALL);
	SIGNED("enum.PROBE_HIGH", PROBE_HIGH);
	SIGNED("enum.PROBE_MAX", PROBE_MAX);
	SIGNED("enumsigned.probe_signed", (enum probe_signed)-1 < 0);
	SIGNED("enumsigned.probe_unsigned", (enum probe_unsigned)-1 < 0);
	SIGNED("enumsize.probe_unsigned", sizeof(enum probe_unsigned));

	UNSIGNED("macro.PROBE_MAGIC", PROBE_MAGIC);
	SIGNED("macro.PROBE_NEGATIVE", PROBE_NEGATIVE);
	UNSIGNED("var.probe_all_ones", probe_all_ones);
	SIGNED("var.probe_minus_one", probe_minus_one);
	return 0;
}
