/* disclosure — 证件类型: the identity papers an applicant may apply with and
 * the rule each number is checked by, as a table. Art. 27 of the Regulation
 * asks for the applicant's 身份证明; the Regulation does not restrict who
 * may apply, so residents of Hong Kong, Macao and Taiwan, foreigners and
 * organisations register as citizens do, each with its own paper.
 *
 * The published formats:
 *   居民身份证, 港澳台居民居住证, 外国人永久居留身份证 (2023 version): 18
 *     characters, 17 digits and a check character by ISO 7064 MOD 11-2
 *     (GB 11643-1999), the birth date at characters 7-14; the residence
 *     permits carry the address code 810000 (Hong Kong), 820000 (Macao) or
 *     830000 (Taiwan) (《港澳台居民居住证申领发放办法》, 国办发〔2018〕81号); the
 *     2023 permanent residence card starts with 9.
 *   外国人永久居留身份证 (2017 version): 3 letters of the nationality
 *     (ISO 3166-1 alpha-3) and 12 digits.
 *   港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 digits (the card
 *     issued since 2013; the older booklet had 10).
 *   台湾居民来往大陆通行证: 8 digits (the card issued since 2015; the older
 *     booklet had 10).
 *   护照: 5 to 20 Latin letters and digits (ICAO Doc 9303 numbers; China's own
 *     are E/G and 8 characters).
 *   统一社会信用代码: 18 characters of 0-9 and A-Z without I O Z S V, the
 *     last a check character modulo 31 (GB 32100-2015).
 *   其他证件: 5 to 30 letters, digits and '-'. */
#include <stdio.h>
#include <string.h>

#include "disclosure/disclosure.h"

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool valid_birth(const char *s)
{
    char d[11];
    snprintf(d, sizeof d, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    gk_day day;
    return date_parse(d, &day, NULL) == 0 && day <= date_today();
}

/* GB 11643: 17 digits, the check character, a birth date. */
static bool gb11643(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    if (strlen(s) != 18 || !all_digits(s, 17))
        return false;
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (s[i] - '0') * w[i];
    char last = s[17] == 'x' ? 'X' : s[17];
    return last == check[sum % 11] && valid_birth(s + 6);
}

static bool id_card(const char *s)
{
    /* the residence permits and the new permanent residence card share the
     * format; their own types take them */
    return gb11643(s) && strncmp(s, "81", 2) != 0 && strncmp(s, "82", 2) != 0 && strncmp(s, "83", 2) != 0 &&
           s[0] != '9';
}

static bool hkmo_residence(const char *s)
{
    return gb11643(s) && (strncmp(s, "810000", 6) == 0 || strncmp(s, "820000", 6) == 0);
}

static bool tw_residence(const char *s)
{
    return gb11643(s) && strncmp(s, "830000", 6) == 0;
}

static bool hkmo_permit(const char *s)
{
    size_t n = strlen(s);
    return (s[0] == 'H' || s[0] == 'M' || s[0] == 'h' || s[0] == 'm') && (n == 9 || n == 11) && all_digits(s + 1, n - 1);
}

static bool tw_permit(const char *s)
{
    size_t n = strlen(s);
    return (n == 8 || n == 10) && all_digits(s, n);
}

static bool is_upper_or_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

static bool passport(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || n > 20)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_upper_or_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'z'))
            return false;
    return true;
}

static bool permanent_residence(const char *s)
{
    size_t n = strlen(s);
    if (n == 18)
        return s[0] == '9' && gb11643(s);
    if (n != 15)
        return false;
    for (int i = 0; i < 3; i++)
        if (!(s[i] >= 'A' && s[i] <= 'Z'))
            return false;
    return all_digits(s + 3, 12);
}

static bool uscc(const char *s)
{
    static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    if (strlen(s) != 18)
        return false;
    int sum = 0;
    for (int i = 0; i < 18; i++) {
        const char *p = s[i] ? strchr(cs, s[i]) : NULL;
        if (!p)
            return false;
        if (i < 17)
            sum += (int)(p - cs) * w[i];
        else
            return (31 - sum % 31) % 31 == (int)(p - cs);
    }
    return false;
}

static bool other_paper(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || n > 30)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_upper_or_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'z') && s[i] != '-')
            return false;
    return true;
}

const struct app_id_type app_id_types[] = {
    {"id_card", "居民身份证", id_card, "18 characters (GB 11643) with a valid check digit and birth date",
     "居民身份证号码应为18位，最后一位校验位（数字或X）正确，出生日期有效"},
    {"hkmo_permit", "港澳居民来往内地通行证", hkmo_permit, "H or M followed by 8 digits (10 for the old booklet)",
     "港澳居民来往内地通行证号码应为H或M开头加8位数字"},
    {"hkmo_residence", "港澳居民居住证", hkmo_residence,
     "an 18-character number starting 810000 or 820000 with a valid check digit (GB 11643)",
     "港澳居民居住证号码应为810000或820000开头的18位号码，校验位正确"},
    {"tw_permit", "台湾居民来往大陆通行证", tw_permit, "8 digits (10 for the old booklet)",
     "台湾居民来往大陆通行证号码应为8位数字"},
    {"tw_residence", "台湾居民居住证", tw_residence,
     "an 18-character number starting 830000 with a valid check digit (GB 11643)",
     "台湾居民居住证号码应为830000开头的18位号码，校验位正确"},
    {"passport", "护照", passport, "5 to 20 Latin letters and digits", "护照号码应为5至20位字母或数字"},
    {"permanent_residence", "外国人永久居留身份证", permanent_residence,
     "3 letters and 12 digits, or (2023 card) 18 characters starting with 9 with a valid check digit",
     "外国人永久居留身份证号码应为3个字母加12位数字，或以9开头、校验位正确的18位号码"},
    {"uscc", "统一社会信用代码", uscc, "18 characters of 0-9 and A-Z (no I, O, Z, S, V) with a valid check character (GB 32100)",
     "统一社会信用代码应为18位（数字和除I、O、Z、S、V外的大写字母），校验位正确"},
    {"other", "其他证件", other_paper, "5 to 30 letters, digits and '-'", "其他证件号码应为5至30位字母、数字或“-”"},
};
const int app_nid_types = (int)(sizeof app_id_types / sizeof app_id_types[0]);

const struct app_id_type *app_id_type_find(const char *s)
{
    for (int i = 0; s && *s && i < app_nid_types; i++)
        if (strcmp(app_id_types[i].code, s) == 0 || strcmp(app_id_types[i].label, s) == 0)
            return &app_id_types[i];
    return NULL;
}

int app_id_check(char type[24], const char *number, err *e)
{
    if (!number || !*number) {
        if (type[0] && !app_id_type_find(type))
            return err_field(e, GK_EINVAL, "id_type", "unknown type of identity paper '%s' (see 'gongkai apply --help')",
                           type);
        return 0;
    }
    const struct app_id_type *t = app_id_type_find(type);
    if (type[0] && !t)
        return err_field(e, GK_EINVAL, "id_type", "unknown type of identity paper '%s' (see 'gongkai apply --help')",
                       type);
    if (!t) {
        /* not said: an 18-character number of digits is a resident ID card, anything else another paper */
        size_t n = strlen(number);
        t = app_id_type_find(n == 18 && all_digits(number, 17) ? "id_card" : "other");
    }
    if (!t->valid(number))
        return err_field(e, GK_EINVAL, "id_number", "not a valid %s number: %s", t->label, t->rule);
    snprintf(type, 24, "%s", t->code);
    return 0;
}
