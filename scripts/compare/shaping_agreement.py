#!/usr/bin/python3
"""Compares `hashiya render --shape on` with GNU FriBidi, paragraph by paragraph.

Usage (from the repository root, after `cargo build`):

    /usr/bin/python3 scripts/compare/shaping_agreement.py [--po FILE.po ...] [--show N]
        [--hashiya PATH] [--no-builtin] [TEXT_FILE ...]
    /usr/bin/python3 scripts/compare/shaping_agreement.py --write-cases PATH [--cases N] [--seed S]

The second form writes random short strings as FriBidi shapes them, for the
unit tests of src/layout/shape.rs (src/layout/shape/fribidi_cases.txt).

Paragraphs come from the text files given (default: assets/articles/*.txt),
from the msgstr strings of the gettext catalogues given with --po (e.g.
Django's django/conf/locale/ar/LC_MESSAGES/django.po, unpacked from
`pip download django` somewhere outside the repository), and from the
hand-written mixed lines below (harakat, tatweel, lam-alef with marks, ZWJ,
ZWNJ, numbers, Latin words, placeholders, brackets), unless --no-builtin.

Each paragraph's direction is found from its first strong character (UAX #9
P2/P3, left to right when there is none), and both tools are forced to it:
`hashiya render --shape on --no-wrap --no-pad --base rtl|ltr` and
`fribidi --nopad --nobreak --reordernsm --clean --rtl|--ltr`. FriBidi's
U+FEFF fillers (lam-alef) are ignored, as are the invisible format
characters that hashiya hides and `fribidi --clean` keeps (ALM, ZWSP, BOM,
soft hyphen, …). Prints the agreement per source and overall, and the first
differing paragraphs, each marked "shaping" when the two outputs agree once
presentation forms are folded back to letters and marks are dropped (as
sorted multisets), else "reordering".
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import unicodedata

# Hidden by hashiya (src/text/glyph.rs, is_invisible_format) and not always
# removed by `fribidi --clean`.
HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff\u00ad]")

# Hand-written mixed lines: harakat, tatweel, lam-alef with and without marks,
# ZWJ/ZWNJ, numbers, Latin, placeholders, brackets, quotes.
BUILTIN = [
    "سلام عليكم",
    "السَّلامُ عَلَيْكُمْ وَرَحْمَةُ اللهِ وَبَرَكَاتُهُ",
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
    "لا إله إلا الله",
    "لَا تَقْلَقْ، كُلُّ شَيْءٍ عَلَى مَا يُرَامُ.",
    "قالَ: «لاَ أَعْلَمُ»، ثُمَّ سَكَتَ.",
    "الإسلام والأمان والآن",
    "إلى اللقاء يا صديقي",
    "كـتـاب جمـيـل جـداً",
    "مـــرحـــبـــا بـــكـــم",
    "ـــ بداية الفقرة ـــ",
    "لـا ولـأ ولـإ ولـآ",
    "عدد الملفات: %s من أصل %(total)s",
    "تعذّر حفظ الملف «%(name)s» (الخطأ %(code)d).",
    "أدخل رقمًا صحيحًا بين %(min)s و %(max)s.",
    "حذف %(count)d عناصر محددة؟",
    "Django هو إطار عمل مكتوب بلغة Python.",
    "استخدم الأمر git commit -m \"رسالة\" لحفظ التغييرات.",
    "يبلغ عدد سكان القاهرة 21.3 مليون نسمة (تقديرات 2023).",
    "ارتفع المؤشر بنسبة 3.5% خلال الربع الأول [انظر الجدول 2].",
    "تاريخ الاجتماع: 12/05/2024 الساعة 10:30 صباحاً.",
    "رقم الهاتف +966 11 234 5678 متاح على مدار الساعة.",
    "قال المتحدث باسم الأمم المتحدة (UN) إن المساعدات ستصل قريباً.",
    "أعلنت شركة Apple عن جهاز iPhone جديد بسعر 999 دولاراً.",
    "The word كتاب means book in Arabic.",
    "Use لا for negation, and لم for the past.",
    "Arabic text: مرحبا بالعالم! and English text.",
    "Price: 50 ريال (fifty riyals).",
    "ZWNJ: مي\u200cخواهم و بي\u200cنهايت",
    "ZWJ: ب\u200d و \u200dب و ل\u200dا",
    "ZWJ inside: كتا\u200dب",
    "ZWNJ inside a word: كت\u200cاب وسل\u200cام",
    "حرف بـ\u200c منفصل",
    "لَا وَلَا بِلَا كَلَّا",
    "لِأَنَّ الأَمْرَ لَيْسَ كَذَلِكَ",
    "اللُّغَةُ العَرَبِيَّةُ لُغَةٌ جَمِيلَةٌ",
    "ثُمَّ قَالَ لَهُمْ: لَا تَخَافُوا",
    "عُلَمَاءُ الفَلَكِ رَصَدُوا كَوْكَبًا جَدِيدًا",
    "مُحَمَّدٌ رَسُولُ اللَّهِ",
    "فَأَلْقَاهَا فَإِذَا هِيَ حَيَّةٌ تَسْعَى",
    "تـَّـمَّ الأمـرُ",
    "كُتُبٌ، أَقْلَامٌ، دَفَاتِرُ؛ وَمَا إِلَى ذَلِكَ.",
    "سؤال؟ جواب! تعجّب… نقطة.",
    "ـ",
    "ـبـ",
    "بـ",
    "ب",
    "لا",
    "لأ",
    "لإ",
    "لآ",
    "للا",
    "لللا",
    "ء آ أ ؤ إ ئ ا ب ة ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ى ي",
    "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
    "مستشفى على إلى حتى مصطفى",
    "شيء، جزء، بريء، سوء، ضوء",
    "هيئة، رئيس، مسؤول، سؤال، قراءة",
    "أُسَامَة وإِبْرَاهِيم وآمِنَة",
    "(مرحبا) [عالم] {نص} <وسم>",
    "«اقتباس» “علامات” ‹أخرى›",
    "1. البند الأول\u200f",
    "2) البند الثاني: 45%",
    "١٢٣ و٤٥٦ أرقام عربية هندية",
    "۱۲۳ أرقام فارسية",
    "النسبة ٪٥٠ أو 50٪",
    "http://example.com/ar/صفحة",
    "البريد: user@example.com",
    "#وسم @مستخدم",
    "السعر: $100 أو 375 ر.س",
    "C++ و Rust و Go لغات برمجة",
    "مرحباً\tبكم",
    "   مسافات في البداية والنهاية   ",
    "كلمة.كلمة،كلمة؛كلمة",
    "أ-ب-ت",
    "عبد_الله و عبد-الرحمن",
    "\u202bتضمين من اليمين\u202c ثم نص",
    "English \u202bعربي\u202c English",
    "English \u2067عربي\u2069 English",
    "عربي \u2066English\u2069 عربي",
    "عربي\u200eعربي",
    "عربي\u200fعربي",
    "بَيْتٌ وَ بـَـيـْـتٌ",
    "كَأْسٌ وفَأْرٌ ورَأْسٌ",
    "قُرْآنٌ وَمِرْآةٌ",
    "اَلْحَمْدُ لِلَّهِ رَبِّ الْعَالَمِينَ",
    "مَالِكِ يَوْمِ الدِّينِ",
    "إِيَّاكَ نَعْبُدُ وَإِيَّاكَ نَسْتَعِينُ",
    "اهْدِنَا الصِّرَاطَ الْمُسْتَقِيمَ",
    "لِلَّهِ الْأَمْرُ مِنْ قَبْلُ وَمِنْ بَعْدُ",
    "فَلَا تَعْجَلْ",
    "وَلَّى",
    "ٱلْكِتَٰبُ",
    "سَلَامٌ قَوْلًا",
    "بالأمس واليوم وغداً",
    "وبالإضافة إلى ذلك، فإن الأسعار ارتفعت.",
    "الخميس 14 مارس/آذار 2024",
    "ص.ب 1234، الرياض 11564",
    "قرأت 3 كتب و2 مقالات و 10 قصص.",
    "الإصدار v2.0.1 متوفر الآن",
    "ملف README.md في المستودع",
    "الدالة print() تطبع النص",
    "المتغير x = 5 والمتغير y = 10",
    "a + b = ج",
    "نص عربي بسيط",
    "ما هو اسمك؟",
    "أنا بخير، شكراً لك!",
    "هل تتكلم العربية؟ نعم، قليلاً.",
    "ذهب الولد إلى المدرسة صباحاً.",
    "الطقس اليوم مشمس ودرجة الحرارة 35° مئوية.",
    "فاز الفريق 3-1 في المباراة النهائية.",
    "تم تحديث %(model)s \"%(object)s\" بنجاح.",
    "لا يمكن حذف %(name)s لأنه مرتبط بـ %(related)s.",
    "هذا الحقل مطلوب.",
    "تأكد أن هذه القيمة لا تتجاوز %(limit_value)s حرفاً (حالياً %(show_value)s).",
    "صيغة التاريخ YYYY-MM-DD",
    "ملاحظة: هذا النص تجريبي فقط ❤️ 😀",
    "سـلام وكـلام",
    "لـا بد من الانتباه",
    "اللـه أكبر",
    "بل\u0640ا",
    "ل\u0651ا وَل\u064ea",
    "ل\u0670ا",
    "ل\u200dا",
    "ل\u200ca",
    "ل\u200cا",
    "\u200dلا\u200d",
    "ب\u00adب",
    "ب\u061cب",
    "ب\ufeffب",
    "ب\u200bب",
]


def first_strong_is_rtl(text):
    """UAX #9 P2/P3: the first L, R or AL outside isolates; False when none."""
    depth = 0
    for c in text:
        b = unicodedata.bidirectional(c)
        if b in ("LRI", "RLI", "FSI"):
            depth += 1
        elif b == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and b in ("L", "R", "AL"):
            return b != "L"
    return False


def po_strings(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = []
    for block in re.findall(r'msgstr(?:\[\d+\])? ((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
        s = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
        s = s.replace('\\"', '"').replace("\\n", " ").replace("\\t", " ").replace("\\\\", "\\")
        if s.strip():
            out.append(s)
    return out


def run(cmd, paragraphs):
    data = "".join(p + "\n" for p in paragraphs)
    r = subprocess.run(cmd, input=data.encode(), capture_output=True, check=True)
    lines = r.stdout.decode().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(paragraphs):
        sys.exit("%s: %d lines for %d paragraphs" % (cmd[0], len(lines), len(paragraphs)))
    return lines


def clean(s):
    return HIDDEN.sub("", s)


def letters(s):
    """The letters of `s`, presentation forms folded back, marks dropped, sorted
    (a ligature and its two letters are not in the same visual order)."""
    return sorted(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def codes(s):
    return " ".join("%04X" % ord(c) for c in s)


# The alphabet of --write-cases: letters of each joining type, marks, tatweel,
# joiners, bidi controls, invisible format characters, neutrals, Latin, digits.
FUZZ_ALPHABET = (
    list("بللااأإآدةيء") * 3
    # Letters of Forms-A (Persian, Urdu, Pashto, Uyghur; noon ghunna without
    # medial forms, Pashto ښ without any) and alef maksura, alef wasla.
    + list("پیکگںےۀښڤىٱېۆ")
    + ["\u0640", "\u064e", "\u0651", "\u064b"] * 2
    + ["\u200d", "\u200c", "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c",
       "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u00ad", "\ufeff",
       "\u200b", " ", "a", "1", "-", "\u0301"]
)
LAM, ALEFS = "\u0644", "\u0622\u0623\u0625\u0627"


def write_cases(path, count, seed):
    """Random short strings shaped by FriBidi, as test cases for shape.rs.

    One case a line: `input TAB levels TAB output`, the input and output as
    hexadecimal code points separated by spaces, `-` for a character absorbed
    into a ligature, the levels FriBidi resolved, as decimal numbers. FriBidi
    draws lam-alef as U+FEFF filler (at the lam) then the ligature (at the
    alef); the cases hold the ligature at the lam and `-` at the alef, as
    `shape_arabic` does. Strings with a mark between a lam and an alef are
    left out: there hashiya deliberately differs (see src/layout/shape.rs).
    """
    import random

    rng = random.Random(seed)
    between = re.compile("%s[\u064e\u0651\u064b\u0301\u00ad\ufeff\u200b\u200e\u200f\u061c"
                         "\u202a-\u202e]+[%s]" % (LAM, ALEFS))
    seen = set()
    inputs = []
    while len(inputs) < count:
        text = "".join(rng.choice(FUZZ_ALPHABET) for _ in range(rng.randint(1, 7)))
        if text in seen or between.search(text):
            continue
        seen.add(text)
        inputs.append((text, rng.choice(("--rtl", "--ltr"))))
    lines = []
    for base in ("--rtl", "--ltr"):
        texts = [t for t, b in inputs if b == base]
        r = subprocess.run(["fribidi", "--nopad", "--nobreak", "--vtol", "--levels",
                            base], input="".join(t + "\n" for t in texts).encode(),
                           capture_output=True, check=True)
        out = r.stdout.decode().split("\n")
        for k, text in enumerate(texts):
            visual, vtol, levels = out[3 * k], out[3 * k + 1].split(), out[3 * k + 2].split()
            if len(visual) != len(text) or len(vtol) != len(text):
                sys.exit("unexpected fribidi output for %r" % text)
            logical = [""] * len(text)
            for v, l in enumerate(vtol):
                logical[int(l)] = visual[v]
            shaped = [ord(c) for c in logical]
            for i in range(len(text) - 1):
                if shaped[i] == 0xFEFF and text[i] == LAM and 0xFEF5 <= shaped[i + 1] <= 0xFEFC:
                    shaped[i], shaped[i + 1] = shaped[i + 1], None
            lines.append("%s\t%s\t%s" % (codes(text), " ".join(levels),
                                          " ".join("-" if c is None else "%04X" % c
                                                   for c in shaped)))
    with open(path, "w", encoding="ascii") as f:
        f.write("# Generated by scripts/compare/shaping_agreement.py --write-cases; shaped by GNU FriBidi.\n")
        f.write("# input code points TAB FriBidi levels TAB shaped code points (- = absorbed)\n")
        for line in lines:
            f.write(line + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--po", nargs="*", default=[])
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--hashiya", default="./target/debug/hashiya")
    ap.add_argument("--no-builtin", action="store_true")
    ap.add_argument("--write-cases", metavar="PATH",
                    help="write random FriBidi test cases to PATH instead of comparing")
    ap.add_argument("--cases", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.write_cases:
        write_cases(args.write_cases, args.cases, args.seed)
        return

    sources = []
    for path in args.files or sorted(glob.glob("assets/articles/*.txt")):
        with open(path, encoding="utf-8") as f:
            paras = [p for p in f.read().split("\n") if p.strip()]
        sources.append((os.path.basename(path), paras))
    for path in args.po:
        sources.append((os.path.basename(path), po_strings(path)))
    if not args.no_builtin:
        sources.append(("builtin", BUILTIN))

    # Tabs and other C0 controls are drawn as symbols by hashiya: not shaping.
    corpus = []
    for name, paras in sources:
        for p in paras:
            p = re.sub("[\x00-\x1f\x7f]", " ", p)
            corpus.append((name, p, first_strong_is_rtl(p)))

    results = [None] * len(corpus)
    for rtl in (True, False):
        idx = [i for i, (_, _, r) in enumerate(corpus) if r == rtl]
        if not idx:
            continue
        paras = [corpus[i][1] for i in idx]
        base = "rtl" if rtl else "ltr"
        ours = run([args.hashiya, "render", "--shape", "on", "--no-wrap", "--no-pad",
                    "--base", base, "-"], paras)
        theirs = run(["fribidi", "--nopad", "--nobreak", "--reordernsm", "--clean",
                      "--" + base], paras)
        for i, a, b in zip(idx, ours, theirs):
            results[i] = (clean(a), clean(b))

    per_source = {}
    diffs = []
    for (name, p, rtl), (a, b) in zip(corpus, results):
        ok = a == b
        total, good = per_source.get(name, (0, 0))
        per_source[name] = (total + 1, good + ok)
        if not ok:
            kind = "shaping" if letters(a) == letters(b) else "reordering"
            diffs.append((name, p, rtl, a, b, kind))

    for name, (total, good) in per_source.items():
        print("%-32s %5d/%-5d %6.2f%%" % (name, good, total, 100.0 * good / total))
    total = len(corpus)
    good = total - len(diffs)
    print("%-32s %5d/%-5d %6.2f%%" % ("ALL", good, total, 100.0 * good / total))
    kinds = {}
    for d in diffs:
        kinds[d[5]] = kinds.get(d[5], 0) + 1
    if kinds:
        print("differences: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    for name, p, rtl, a, b, kind in diffs[: args.show]:
        print()
        print("[%s, %s, %s] %s" % (name, "rtl" if rtl else "ltr", kind, p))
        print("  hashiya: %s" % a)
        print("  fribidi: %s" % b)
        if len(a) == len(b):
            at = [k for k in range(len(a)) if a[k] != b[k]]
            print("  first difference at %d: %s vs %s" % (at[0], codes(a[at[0]:at[0] + 3]),
                                                       codes(b[at[0]:at[0] + 3])))
        else:
            print("  hashiya: %s" % codes(a))
            print("  fribidi: %s" % codes(b))


main()
