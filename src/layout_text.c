/*
 * layout_text.c - text widths and line wrapping for the diagram, with no
 * font library.  Every width is that of the font pango really draws the
 * character with, given FONT in render_dot_draw.c ("DejaVu Sans,
 * WenQuanYi Micro Hei,Symbola,sans-serif"): DejaVu Sans for Latin, Greek,
 * Cyrillic, Hebrew and Arabic, WenQuanYi Micro Hei (fonts-wqy-microhei)
 * for Chinese, Japanese and Korean, Symbola (fonts-symbola) for emoji.
 *
 * ASCII comes from a table of DejaVu Sans advances measured once with
 * Graphviz's own pango text layout.  The other tables are printed by
 * scripts/text-widths.py from the fonts' hmtx tables: each code point of
 * U+00A0..U+06FF and of General Punctuation has the advance of the first
 * of those fonts that has it (an Arabic letter the widest of its
 * contextual forms, for a letter alone), and every other span the widest
 * glyph in it (CJK ideographs, kana and hangul are all exactly 1 em).
 * Arabic letters in a word are measured in the forms shaping draws them
 * in, from a table of their forms' advances.  All are rounded up, then
 * widened by SAFETY, so labels sized from them never clip real text.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

/* Advance widths of DejaVu Sans for ' ' (32) .. '~' (126), in thousandths
 * of an em, rounded up. */
static const unsigned short ascii_width[95] = {
    319, 402, 460, 838, 637, 951, 781, 276, 391, 391, 501, 838, 319, 361,
    319, 337, 637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337,
    838, 838, 838, 532, 1000, 709, 687, 699, 771, 632, 576, 775, 753, 295,
    295, 656, 558, 863, 748, 787, 604, 787, 695, 635, 595, 733, 685, 989,
    685, 611, 685, 391, 337, 391, 838, 501, 501, 613, 635, 550, 635, 616,
    345, 635, 634, 278, 278, 580, 278, 975, 634, 613, 635, 635, 396, 522,
    393, 634, 592, 818, 592, 592, 526, 637, 337, 637, 838};

/* Pango's hinting at small sizes widens some glyphs by a fraction of a
 * pixel; this margin covers it. */
#define SAFETY 1.08

/* Decodes the UTF-8 sequence at s (n bytes left) into *cp and returns its
 * length; an invalid byte counts as one character U+FFFD. */
static size_t decode(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = tl_utf8_seq_len(u, n);
	if (len == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	if (len == 1) {
		*cp = u[0];
		return 1;
	}
	unsigned c = u[0] & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++)
		c = (c << 6) | (u[i] & 0x3F);
	*cp = c;
	return len;
}

/* A run of code points drawn no wider than w thousandths of an em. */
typedef struct span {
	unsigned lo, hi, w;
} span;

/* An Arabic letter as shaping draws it: alone, its width when the next
 * letter does not join it (the wider of its isolated and final forms);
 * joined, when the next letter does (the wider of its initial and medial
 * forms); joins, which neighbours it joins (JOINS_BEFORE, JOINS_AFTER).
 * Taking the wider of two forms leaves out whether the letter before
 * joins it, which the presentation forms do not always tell. */
typedef struct arabic_form {
	unsigned short cp, alone, joined, joins;
} arabic_form;
#define JOINS_BEFORE 1
#define JOINS_AFTER 2

/* Printed by scripts/text-widths.py; see the top of this file. */
/* U+00A0 .. U+06FF */
static const unsigned short latin_to_arabic[1632] = {
    318, 401, 637, 637, 637, 637, 337, 500, 500, 1000, 472, 612,
    838, 361, 1000, 500, 500, 838, 401, 401, 500, 637, 637, 318,
    500, 401, 472, 612, 970, 970, 970, 531, 685, 685, 685, 685,
    685, 685, 975, 699, 632, 632, 632, 632, 295, 295, 295, 295,
    775, 749, 788, 788, 788, 788, 788, 838, 788, 732, 732, 732,
    732, 611, 605, 630, 613, 613, 613, 613, 613, 613, 982, 550,
    616, 616, 616, 616, 278, 278, 278, 278, 612, 634, 612, 612,
    612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
    685, 613, 685, 613, 685, 613, 699, 550, 699, 550, 699, 550,
    699, 550, 771, 635, 775, 635, 632, 616, 632, 616, 632, 616,
    632, 616, 632, 616, 775, 635, 775, 635, 775, 635, 775, 635,
    752, 634, 917, 695, 295, 278, 295, 278, 295, 278, 295, 278,
    295, 278, 590, 556, 295, 278, 656, 580, 580, 558, 278, 558,
    278, 558, 375, 558, 342, 563, 285, 749, 634, 749, 634, 749,
    634, 814, 749, 634, 788, 612, 788, 612, 788, 612, 1070, 1023,
    695, 412, 695, 412, 695, 412, 635, 521, 635, 521, 635, 521,
    635, 521, 611, 393, 611, 393, 611, 393, 732, 634, 732, 634,
    732, 634, 732, 634, 732, 634, 732, 634, 989, 818, 611, 592,
    611, 686, 525, 686, 525, 686, 525, 353, 635, 735, 687, 635,
    687, 635, 704, 699, 550, 775, 819, 687, 635, 612, 632, 788,
    615, 576, 353, 775, 687, 984, 354, 295, 746, 580, 278, 592,
    975, 749, 634, 788, 914, 612, 949, 760, 652, 635, 695, 635,
    521, 632, 336, 393, 611, 393, 611, 858, 634, 765, 721, 744,
    731, 686, 525, 667, 667, 578, 525, 637, 667, 578, 511, 635,
    295, 493, 459, 296, 1422, 1299, 1155, 836, 787, 457, 932, 924,
    798, 685, 613, 295, 278, 788, 612, 732, 634, 732, 634, 732,
    634, 732, 634, 732, 634, 616, 685, 613, 685, 613, 975, 982,
    775, 635, 775, 635, 656, 580, 788, 612, 788, 612, 667, 578,
    278, 1422, 1299, 1155, 775, 635, 1113, 683, 749, 634, 685, 613,
    975, 982, 788, 612, 685, 613, 685, 613, 632, 616, 632, 616,
    295, 278, 295, 278, 788, 612, 788, 612, 695, 412, 695, 412,
    732, 634, 732, 634, 635, 521, 611, 393, 627, 522, 752, 634,
    736, 838, 699, 611, 686, 525, 685, 613, 632, 616, 788, 612,
    788, 612, 788, 612, 788, 612, 611, 592, 475, 843, 478, 278,
    999, 999, 685, 699, 550, 558, 611, 521, 525, 604, 480, 687,
    732, 685, 632, 616, 295, 278, 782, 635, 695, 412, 611, 592,
    601, 635, 635, 635, 550, 550, 635, 697, 616, 616, 820, 541,
    532, 776, 665, 278, 696, 635, 630, 596, 596, 634, 634, 634,
    278, 339, 372, 396, 488, 279, 707, 975, 975, 975, 646, 643,
    634, 612, 858, 729, 660, 415, 415, 414, 412, 411, 531, 531,
    604, 604, 521, 336, 336, 462, 336, 393, 393, 634, 618, 599,
    592, 818, 592, 611, 525, 525, 578, 578, 511, 511, 511, 511,
    788, 580, 665, 709, 654, 292, 667, 507, 728, 511, 511, 1015,
    1058, 1013, 831, 610, 779, 849, 706, 655, 516, 516, 662, 664,
    405, 399, 175, 259, 296, 296, 379, 516, 373, 279, 460, 318,
    318, 318, 308, 308, 370, 370, 500, 500, 500, 500, 500, 500,
    275, 500, 500, 500, 275, 500, 500, 500, 337, 337, 308, 308,
    500, 500, 390, 318, 500, 500, 500, 500, 500, 500, 316, 500,
    426, 167, 374, 444, 370, 494, 494, 494, 494, 494, 301, 301,
    500, 500, 519, 249, 249, 231, 231, 500, 224, 339, 339, 500,
    172, 233, 233, 233, 233, 431, 431, 340, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    655, 568, 862, 648, 279, 279, 749, 650, 1000, 1000, 500, 550,
    550, 550, 337, 295, 1000, 1000, 1000, 1000, 500, 500, 693, 318,
    747, 872, 409, 1000, 813, 1000, 825, 826, 339, 685, 687, 558,
    685, 632, 686, 752, 788, 295, 656, 685, 863, 749, 632, 788,
    752, 604, 1000, 632, 611, 611, 788, 686, 788, 765, 295, 611,
    660, 541, 634, 339, 579, 660, 639, 592, 612, 541, 544, 634,
    612, 339, 590, 592, 637, 559, 558, 612, 603, 635, 587, 634,
    603, 579, 660, 578, 660, 838, 339, 579, 612, 579, 838, 656,
    615, 620, 699, 843, 699, 660, 838, 664, 788, 612, 649, 587,
    576, 459, 660, 660, 866, 628, 934, 838, 759, 660, 792, 615,
    687, 607, 768, 625, 700, 612, 611, 537, 664, 635, 550, 278,
    788, 616, 616, 605, 635, 699, 863, 651, 635, 704, 699, 704,
    632, 632, 787, 610, 699, 635, 295, 295, 295, 1094, 1045, 787,
    710, 749, 610, 752, 685, 687, 687, 610, 782, 632, 1078, 642,
    749, 749, 710, 752, 863, 752, 788, 752, 604, 699, 611, 610,
    861, 686, 777, 686, 1070, 1094, 833, 883, 687, 699, 1080, 695,
    613, 617, 590, 526, 692, 616, 901, 532, 650, 650, 605, 640,
    755, 654, 612, 654, 635, 550, 583, 592, 855, 592, 681, 591,
    916, 942, 707, 790, 590, 549, 842, 602, 616, 616, 625, 526,
    549, 521, 278, 278, 278, 903, 899, 652, 605, 650, 592, 654,
    934, 838, 771, 672, 943, 750, 880, 784, 1160, 1002, 788, 612,
    1027, 825, 637, 541, 857, 877, 788, 612, 782, 666, 782, 666,
    993, 905, 954, 759, 1180, 1028, 934, 838, 699, 550, 503, 0,
    0, 0, 0, 0, 0, 0, 773, 677, 687, 590, 604, 635,
    610, 526, 675, 591, 625, 530, 1078, 901, 642, 532, 710, 605,
    710, 605, 710, 605, 857, 832, 752, 661, 1015, 877, 1082, 916,
    878, 693, 699, 550, 611, 583, 611, 592, 611, 592, 686, 592,
    935, 807, 686, 591, 686, 591, 686, 634, 941, 729, 941, 729,
    295, 1078, 901, 656, 605, 776, 671, 752, 661, 777, 681, 686,
    591, 888, 775, 278, 685, 613, 685, 613, 975, 982, 632, 616,
    788, 616, 788, 616, 1078, 901, 642, 532, 667, 578, 749, 650,
    749, 650, 788, 612, 788, 612, 788, 612, 699, 549, 610, 592,
    610, 592, 610, 592, 686, 591, 610, 526, 883, 790, 675, 591,
    686, 592, 686, 592, 687, 590, 1006, 897, 975, 870, 679, 589,
    1072, 958, 1113, 968, 775, 660, 773, 711, 615, 541, 752, 640,
    1169, 994, 895, 865, 1032, 986, 788, 635, 989, 818, 710, 605,
    1081, 906, 1082, 913, 793, 683, 724, 577, 842, 644, 1523, 1156,
    782, 599, 754, 578, 1000, 767, 732, 754, 754, 732, 772, 641,
    732, 860, 754, 691, 534, 922, 864, 732, 716, 766, 754, 768,
    792, 728, 730, 758, 732, 713, 801, 769, 792, 732, 754, 706,
    694, 744, 538, 811, 757, 788, 791, 1000, 1000, 308, 318, 235,
    362, 238, 406, 500, 1000, 975, 634, 658, 664, 634, 635, 515,
    634, 739, 658, 634, 272, 980, 623, 634, 634, 608, 635, 629,
    634, 272, 634, 499, 634, 405, 975, 561, 649, 634, 634, 974,
    634, 634, 435, 974, 637, 610, 806, 812, 1000, 337, 361, 1000,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 361, 0, 295, 0, 0, 295, 1000, 1000, 442, 0,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 669, 579, 413, 546,
    654, 273, 347, 654, 649, 224, 538, 529, 569, 664, 680, 273,
    401, 649, 626, 640, 625, 540, 594, 710, 565, 709, 658, 1000,
    1000, 1000, 1000, 1000, 471, 423, 331, 416, 645, 1000, 1000, 1000,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
    1000, 1000, 638, 638, 1000, 757, 977, 1000, 323, 1000, 1000, 1000,
    1000, 1000, 1000, 1000, 1000, 0, 1000, 1000, 1000, 1000, 1000, 318,
    1000, 1000, 1000, 531, 1000, 471, 305, 305, 517, 305, 834, 305,
    982, 537, 982, 982, 646, 646, 646, 525, 525, 552, 552, 1275,
    1275, 1226, 1226, 950, 950, 597, 597, 1000, 1000, 1000, 1000, 1000,
    293, 1037, 834, 843, 758, 666, 762, 537, 517, 834, 834, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 0,
    1000, 1000, 0, 1000, 1000, 1000, 1000, 1000, 538, 538, 538, 538,
    538, 538, 538, 538, 538, 538, 538, 325, 318, 545, 942, 776,
    0, 1000, 1000, 1000, 292, 1000, 1000, 1000, 1000, 982, 982, 982,
    942, 942, 982, 982, 982, 646, 646, 646, 646, 646, 646, 646,
    525, 446, 446, 446, 525, 525, 525, 446, 446, 552, 483, 499,
    530, 611, 530, 483, 552, 483, 1221, 1221, 1221, 1209, 1209, 925,
    597, 1037, 1037, 1037, 1037, 1037, 1037, 776, 776, 896, 1054, 896,
    825, 843, 825, 896, 896, 896, 896, 896, 896, 727, 727, 727,
    727, 735, 762, 762, 735, 735, 699, 646, 1000, 1000, 1000, 1000,
    1000, 1000, 517, 517, 517, 1000, 1000, 517, 834, 1000, 783, 1000,
    834, 1000, 1000, 1000, 1000, 524, 1000, 1000, 1000, 1000, 1000, 1000,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 538, 538, 538, 538,
    538, 538, 538, 538, 538, 538, 1000, 1000, 1000, 1000, 1000, 1000,
};
/* U+2000 .. U+206F */
static const unsigned short punctuation[112] = {
    500, 1000, 500, 1000, 330, 250, 167, 637, 318, 200, 100, 0,
    0, 0, 0, 0, 361, 361, 637, 500, 1000, 1000, 500, 500,
    318, 318, 318, 318, 519, 519, 519, 519, 500, 500, 590, 590,
    335, 668, 1000, 318, 0, 0, 0, 0, 0, 0, 0, 200,
    1342, 1736, 228, 374, 521, 228, 374, 521, 339, 400, 400, 838,
    486, 531, 500, 804, 804, 250, 1000, 500, 167, 391, 391, 922,
    733, 733, 498, 637, 500, 500, 500, 337, 804, 500, 450, 1000,
    804, 838, 586, 664, 838, 838, 318, 798, 838, 318, 318, 223,
    0, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0,
};
static const span spans[] = {
    {0x0700, 0x1DFF, 1633},
    {0x1E00, 0x1EFF, 989},
    {0x1F00, 0x1FFF, 1100},
    {0x2070, 0x218F, 1371},
    {0x2190, 0x22FF, 1423},
    {0x2300, 0x24FF, 1633},
    {0x2500, 0x25FF, 1120},
    {0x2600, 0x26FF, 1251},
    {0x2700, 0x27BF, 1273},
    {0x27C0, 0x2E39, 1488},
    {0x2E3A, 0x2E3B, 3000},
    {0x2E3C, 0x2E7F, 1000},
    {0x2E80, 0x2FFF, 1000},
    {0x3000, 0x303F, 1000},
    {0x3040, 0x30FF, 1000},
    {0x3100, 0x31FF, 1000},
    {0x3200, 0x33FF, 1000},
    {0x3400, 0x9FFF, 1000},
    {0xA000, 0xABFF, 1358},
    {0xAC00, 0xD7AF, 1000},
    {0xD7B0, 0xF8FF, 1169},
    {0xF900, 0xFAFF, 1000},
    {0xFB00, 0xFB4F, 1530},
    {0xFB50, 0xFDFF, 1037},
    {0xFE00, 0xFE0F, 0},
    {0xFE10, 0xFE6F, 1000},
    {0xFE70, 0xFEFF, 1275},
    {0xFF00, 0xFF60, 1000},
    {0xFF61, 0xFFEF, 1000},
    {0x1F000, 0x1F2FF, 1364},
    {0x1F300, 0x1F5F9, 1344},
    {0x1F5FA, 0x1F5FA, 2156},
    {0x1F5FB, 0x1F5FF, 1000},
    {0x1F600, 0x1F64F, 1605},
    {0x1F650, 0x1F6FF, 1314},
    {0x1F700, 0x1F8FF, 1291},
    {0x1F900, 0x1FAFF, 1500},
};
static const arabic_form arabic_forms[69] = {
    {0x0621, 471, 471, 0}, {0x0622, 305, 305, 1}, {0x0623, 305, 305, 1},
    {0x0624, 517, 517, 1}, {0x0625, 305, 305, 1}, {0x0626, 834, 302, 3},
    {0x0627, 305, 305, 1}, {0x0628, 982, 302, 3}, {0x0629, 537, 537, 1},
    {0x062A, 982, 302, 3}, {0x062B, 982, 302, 3}, {0x062C, 646, 646, 3},
    {0x062D, 646, 646, 3}, {0x062E, 646, 646, 3}, {0x062F, 525, 525, 1},
    {0x0630, 525, 525, 1}, {0x0631, 552, 552, 1}, {0x0632, 552, 552, 1},
    {0x0633, 1275, 893, 3}, {0x0634, 1275, 893, 3}, {0x0635, 1226, 868, 3},
    {0x0636, 1226, 868, 3}, {0x0637, 950, 821, 3}, {0x0638, 950, 821, 3},
    {0x0639, 597, 597, 3}, {0x063A, 597, 523, 3}, {0x0640, 293, 293, 3},
    {0x0641, 1037, 506, 3}, {0x0642, 834, 506, 3}, {0x0643, 843, 553, 3},
    {0x0644, 758, 332, 3}, {0x0645, 666, 579, 3}, {0x0646, 762, 302, 3},
    {0x0647, 537, 528, 3}, {0x0648, 517, 517, 1}, {0x0649, 834, 302, 3},
    {0x064A, 834, 302, 3}, {0x0679, 982, 302, 3}, {0x067A, 982, 302, 3},
    {0x067B, 982, 302, 3}, {0x067E, 982, 302, 3}, {0x067F, 982, 302, 3},
    {0x0680, 982, 302, 3}, {0x0683, 646, 646, 3}, {0x0684, 646, 646, 3},
    {0x0686, 646, 646, 3}, {0x0687, 646, 646, 3}, {0x0688, 525, 525, 1},
    {0x068C, 525, 525, 1}, {0x068D, 525, 525, 1}, {0x068E, 525, 525, 1},
    {0x0691, 552, 552, 1}, {0x0698, 552, 552, 1}, {0x06A4, 1037, 506, 3},
    {0x06A6, 1037, 506, 3}, {0x06A9, 896, 553, 3}, {0x06AD, 843, 553, 3},
    {0x06AF, 896, 553, 3}, {0x06B1, 896, 553, 3}, {0x06B3, 896, 553, 3},
    {0x06BA, 762, 762, 1}, {0x06BB, 762, 302, 3}, {0x06BE, 699, 528, 3},
    {0x06C6, 517, 517, 1}, {0x06C7, 517, 517, 1}, {0x06C8, 517, 517, 1},
    {0x06CB, 517, 517, 1}, {0x06CC, 834, 302, 3}, {0x06D0, 834, 302, 3},
};

/* Width of one code point in thousandths of an em. */
static unsigned cp_width(unsigned cp)
{
	if (cp >= 32 && cp < 127)
		return ascii_width[cp - 32];
	if (cp < 32 || (cp >= 127 && cp < 0xA0))
		return ascii_width[0]; /* drawn as a space */
	if (cp < 0x700)
		return latin_to_arabic[cp - 0xA0];
	if (cp >= 0x2000 && cp < 0x2070)
		return punctuation[cp - 0x2000];
	size_t lo = 0, hi = sizeof spans / sizeof spans[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < spans[mid].lo)
			hi = mid;
		else if (cp > spans[mid].hi)
			lo = mid + 1;
		else
			return spans[mid].w;
	}
	return 1000; /* CJK extensions and everything else */
}

static int form_cmp(const void *key, const void *f)
{
	unsigned cp = *(const unsigned *)key, fc = ((const arabic_form *)f)->cp;
	return (cp > fc) - (cp < fc);
}

/* The Arabic letter cp's forms, or NULL. */
static const arabic_form *arabic_letter(unsigned cp)
{
	if (cp < arabic_forms[0].cp || cp > 0x6FF)
		return NULL;
	return bsearch(&cp, arabic_forms,
	               sizeof arabic_forms / sizeof arabic_forms[0],
	               sizeof arabic_forms[0], form_cmp);
}

/* Widths in the forms shaping gives Arabic letters: a letter is joined
 * when it joins the letter after and that one joins it.  Marks between
 * them (harakat, drawn with no width) do not part them; anything else
 * does.  Each letter's width waits for the next character. */
double tl_text_width(const char *s, size_t n, double size)
{
	unsigned long total = 0;
	const arabic_form *pend = NULL; /* the last letter, not yet added */
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		i += decode(s + i, n - i, &cp);
		const arabic_form *f = arabic_letter(cp);
		unsigned w = cp_width(cp);
		if (pend && (f || w > 0 || cp >= 0x700 || cp < 0x600)) {
			int joined = f && (pend->joins & JOINS_AFTER) &&
			             (f->joins & JOINS_BEFORE);
			total += joined ? pend->joined : pend->alone;
			pend = NULL;
		}
		if (f)
			pend = f;
		else
			total += w;
	}
	if (pend)
		total += pend->alone;
	return (double)total * size / 1000.0 * SAFETY;
}

/* A line being built: bytes in buf from start, width so far. */
typedef struct wrap_state {
	tl_buf out;
	double size, max_w;
	int max_lines, lines;
	double line_w, widest;
	int truncated;
} wrap_state;

static void end_line(wrap_state *w)
{
	if (w->line_w > w->widest)
		w->widest = w->line_w;
	w->lines++;
	w->line_w = 0;
}

/* Ends the current line and starts another; returns 0 instead when the
 * line was the last allowed. */
static int new_line(wrap_state *w)
{
	if (w->lines + 1 >= w->max_lines)
		return 0;
	end_line(w);
	tl_buf_putc(&w->out, '\n');
	return 1;
}

/* Appends one word (no spaces) to the output: on the current line when it
 * fits, else on a new line; a word too long for any line starts on the
 * current one when that has room and is split between characters.
 * Returns 0 once max_lines are full and text is left over. */
static int put_word(wrap_state *w, const char *s, size_t n)
{
	double ww = tl_text_width(s, n, w->size);
	double space = tl_text_width(" ", 1, w->size);
	if (w->line_w > 0) {
		if (w->line_w + space + ww <= w->max_w) {
			tl_buf_putc(&w->out, ' ');
			tl_buf_put(&w->out, s, n);
			w->line_w += space + ww;
			return 1;
		}
		if (ww > w->max_w && w->line_w + space < w->max_w * 0.7) {
			tl_buf_putc(&w->out, ' ');
			w->line_w += space;
		} else if (!new_line(w)) {
			return 0;
		}
	}
	size_t i = 0;
	for (;;) {
		/* As many characters as fit; at least one on an empty line. */
		size_t j = i;
		double lw = w->line_w;
		while (j < n) {
			unsigned cp;
			size_t l = decode(s + j, n - j, &cp);
			double cw = tl_text_width(s + j, l, w->size);
			if (lw > 0 && lw + cw > w->max_w)
				break;
			lw += cw;
			j += l;
		}
		tl_buf_put(&w->out, s + i, j - i);
		w->line_w = lw;
		i = j;
		if (i == n)
			return 1;
		if (!new_line(w))
			return 0;
	}
}

const char *tl_text_wrap(tl_arena *a, const char *s, double size,
                         double max_w, int max_lines, int *lines,
                         double *width)
{
	wrap_state w = {{NULL, 0, 0}, size, max_w, max_lines, 0, 0, 0, 0};
	size_t n = strlen(s), i = 0;
	while (i < n && !w.truncated) {
		/* Words are runs of bytes above ' '; controls count as spaces. */
		while (i < n && (unsigned char)s[i] <= ' ')
			i++;
		size_t j = i;
		while (j < n && (unsigned char)s[j] > ' ')
			j++;
		if (j > i && !put_word(&w, s + i, j - i))
			w.truncated = 1;
		i = j;
	}
	if (w.truncated) {
		/* Make room for the ellipsis on the last line. */
		const char *ell = "\xE2\x80\xA6";
		double ew = tl_text_width(ell, 3, size);
		while (w.out.len > 0 && w.line_w + ew > max_w) {
			size_t k = w.out.len - 1;
			while (k > 0 && ((unsigned char)w.out.data[k] & 0xC0) == 0x80)
				k--;
			if (w.out.data[k] == '\n')
				break;
			w.out.len = k;
			/* The line again, as a letter's neighbour shapes it. */
			size_t at = k;
			while (at > 0 && w.out.data[at - 1] != '\n')
				at--;
			w.line_w = tl_text_width(w.out.data + at, k - at, size);
		}
		tl_buf_put(&w.out, ell, 3);
		w.line_w += ew;
	}
	if (w.line_w > 0 || w.lines == 0)
		end_line(&w);
	*lines = w.lines;
	*width = w.widest;
	const char *r = tl_arena_strndup(a, w.out.data ? w.out.data : "",
	                                 w.out.len);
	free(w.out.data);
	return r;
}
