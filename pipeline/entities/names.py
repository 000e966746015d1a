"""Built-in names for pipeline.entities: places and organizations with their aliases in both scripts,
and the words that introduce or end a name (titles, roles, organization keywords, Persian first names).

Each place or organization is ``(canonical id, [aliases])``; every alias, in either script, resolves to
the one id, so «چین», "China" and "People's Republic of China" are one facet value.
"""

from __future__ import annotations

PLACES: list[tuple[str, list[str]]] = [
    # countries
    ("place:iran", ["Iran", "Islamic Republic of Iran", "ایران", "جمهوری اسلامی ایران"]),
    ("place:china", ["China", "People's Republic of China", "PRC", "چین", "جمهوری خلق چین"]),
    ("place:pakistan", ["Pakistan", "پاکستان"]),
    ("place:afghanistan", ["Afghanistan", "افغانستان"]),
    ("place:iraq", ["Iraq", "عراق"]),
    ("place:turkey", ["Türkiye", "Turkey", "ترکیه"]),
    ("place:russia", ["Russia", "Russian Federation", "روسیه"]),
    ("place:india", ["India", "هند", "هندوستان"]),
    ("place:thailand", ["Thailand", "تایلند"]),
    ("place:egypt", ["Egypt", "مصر"]),
    ("place:serbia", ["Serbia", "صربستان"]),
    ("place:cyprus", ["Cyprus", "قبرس"]),
    ("place:romania", ["Romania", "رومانی"]),
    ("place:hungary", ["Hungary", "مجارستان"]),
    ("place:france", ["France", "فرانسه"]),
    ("place:italy", ["Italy", "ایتالیا"]),
    ("place:germany", ["Germany", "آلمان"]),
    ("place:uk", ["United Kingdom", "UK", "Britain", "England", "بریتانیا", "انگلستان", "انگلیس"]),
    ("place:usa", ["United States", "United States of America", "USA", "America", "آمریکا", "امریکا", "ایالات متحده"]),
    ("place:canada", ["Canada", "کانادا"]),
    ("place:brazil", ["Brazil", "برزیل"]),
    ("place:senegal", ["Senegal", "سنگال"]),
    ("place:mongolia", ["Mongolia", "مغولستان"]),
    ("place:japan", ["Japan", "ژاپن"]),
    ("place:south-korea", ["South Korea", "Republic of Korea", "کره جنوبی"]),
    ("place:malaysia", ["Malaysia", "مالزی"]),
    ("place:indonesia", ["Indonesia", "اندونزی"]),
    ("place:sri-lanka", ["Sri Lanka", "سریلانکا"]),
    ("place:bangladesh", ["Bangladesh", "بنگلادش"]),
    ("place:nepal", ["Nepal", "نپال"]),
    ("place:kazakhstan", ["Kazakhstan", "قزاقستان"]),
    ("place:uzbekistan", ["Uzbekistan", "ازبکستان"]),
    ("place:tajikistan", ["Tajikistan", "تاجیکستان"]),
    ("place:turkmenistan", ["Turkmenistan", "ترکمنستان"]),
    ("place:kyrgyzstan", ["Kyrgyzstan", "قرقیزستان"]),
    ("place:armenia", ["Armenia", "ارمنستان"]),
    ("place:azerbaijan", ["Azerbaijan", "آذربایجان"]),
    ("place:syria", ["Syria", "سوریه"]),
    ("place:lebanon", ["Lebanon", "لبنان"]),
    ("place:saudi-arabia", ["Saudi Arabia", "عربستان", "عربستان سعودی"]),
    ("place:uae", ["United Arab Emirates", "UAE", "امارات", "امارات متحده عربی"]),
    ("place:qatar", ["Qatar", "قطر"]),
    ("place:oman", ["Oman", "عمان"]),
    ("place:kuwait", ["Kuwait", "کویت"]),
    ("place:israel", ["Israel", "اسرائیل"]),
    ("place:kenya", ["Kenya", "کنیا"]),
    ("place:nigeria", ["Nigeria", "نیجریه"]),
    ("place:south-africa", ["South Africa", "آفریقای جنوبی"]),
    ("place:ethiopia", ["Ethiopia", "اتیوپی"]),
    ("place:greece", ["Greece", "یونان"]),
    ("place:spain", ["Spain", "اسپانیا"]),
    ("place:netherlands", ["Netherlands", "هلند"]),
    ("place:switzerland", ["Switzerland", "سوئیس"]),
    ("place:austria", ["Austria", "اتریش"]),
    ("place:sweden", ["Sweden", "سوئد"]),
    ("place:poland", ["Poland", "لهستان"]),
    ("place:ukraine", ["Ukraine", "اوکراین"]),
    ("place:belarus", ["Belarus", "بلاروس"]),
    ("place:mexico", ["Mexico", "مکزیک"]),
    ("place:argentina", ["Argentina", "آرژانتین"]),
    ("place:australia", ["Australia", "استرالیا"]),
    ("place:vietnam", ["Vietnam", "ویتنام"]),
    ("place:singapore", ["Singapore", "سنگاپور"]),
    ("place:cuba", ["Cuba", "کوبا"]),
    ("place:venezuela", ["Venezuela", "ونزوئلا"]),
    # cities
    ("place:tehran", ["Tehran", "تهران"]),
    ("place:mashhad", ["Mashhad", "مشهد"]),
    ("place:isfahan", ["Isfahan", "Esfahan", "اصفهان"]),
    ("place:shiraz", ["Shiraz", "شیراز"]),
    ("place:tabriz", ["Tabriz", "تبریز"]),
    ("place:qom", ["Qom", "قم"]),
    ("place:karaj", ["Karaj", "کرج"]),
    ("place:ahvaz", ["Ahvaz", "اهواز"]),
    ("place:kerman", ["Kerman", "کرمان"]),
    ("place:beijing", ["Beijing", "پکن"]),
    ("place:shanghai", ["Shanghai", "شانگهای"]),
    ("place:hangzhou", ["Hangzhou", "هانگژو"]),
    ("place:islamabad", ["Islamabad", "اسلام آباد"]),
    ("place:bangkok", ["Bangkok", "بانکوک"]),
    ("place:budapest", ["Budapest", "بوداپست"]),
    ("place:paris", ["Paris", "پاریس"]),
    ("place:belgrade", ["Belgrade", "بلگراد"]),
    ("place:bucharest", ["Bucharest", "بخارست"]),
    ("place:nicosia", ["Nicosia", "نیکوزیا"]),
    ("place:naples", ["Naples", "ناپل"]),
    ("place:venice", ["Venice", "ونیز"]),
    ("place:rome", ["Rome", "رم"]),
    ("place:london", ["London", "لندن"]),
    ("place:moscow", ["Moscow", "مسکو"]),
    ("place:berlin", ["Berlin", "برلین"]),
    ("place:geneva", ["Geneva", "ژنو"]),
    ("place:vienna", ["Vienna", "وین"]),
    ("place:new-york", ["New York", "نیویورک"]),
    ("place:washington", ["Washington", "واشنگتن"]),
    ("place:istanbul", ["Istanbul", "استانبول"]),
    ("place:ankara", ["Ankara", "آنکارا"]),
    ("place:baghdad", ["Baghdad", "بغداد"]),
    ("place:kabul", ["Kabul", "کابل"]),
    ("place:dubai", ["Dubai", "دبی"]),
    ("place:doha", ["Doha", "دوحه"]),
    ("place:damascus", ["Damascus", "دمشق"]),
    ("place:beirut", ["Beirut", "بیروت"]),
    ("place:cairo", ["Cairo", "قاهره"]),
    ("place:delhi", ["New Delhi", "Delhi", "دهلی نو", "دهلی"]),
    ("place:tokyo", ["Tokyo", "توکیو"]),
    ("place:tashkent", ["Tashkent", "تاشکند"]),
    ("place:almaty", ["Almaty", "آلماتی"]),
    ("place:kuala-lumpur", ["Kuala Lumpur", "کوالالامپور"]),
]

ORGANIZATIONS: list[tuple[str, list[str]]] = [
    (
        "org:anso",
        [
            "ANSO",
            "Alliance of National and International Science Organizations for the Belt and Road Regions",
            "Alliance of International Science Organizations",
            "آنسو",
            "اتحاد سازمان های علمی بین المللی",
        ],
    ),
    ("org:cas", ["CAS", "Chinese Academy of Sciences", "آکادمی علوم چین", "فرهنگستان علوم چین"]),
    (
        "org:unesco",
        [
            "UNESCO",
            "United Nations Educational, Scientific and Cultural Organization",
            "یونسکو",
            "سازمان آموزشی، علمی و فرهنگی ملل متحد",
        ],
    ),
    ("org:un", ["UN", "United Nations", "سازمان ملل", "سازمان ملل متحد", "ملل متحد"]),
    ("org:who", ["WHO", "World Health Organization", "سازمان جهانی بهداشت"]),
    ("org:world-bank", ["World Bank", "بانک جهانی"]),
    ("org:undp", ["UNDP", "United Nations Development Programme", "برنامه توسعه سازمان ملل"]),
    ("org:unep", ["UNEP", "United Nations Environment Programme", "برنامه محیط زیست سازمان ملل"]),
    ("org:eu", ["European Union", "EU", "اتحادیه اروپا"]),
    ("org:irib", ["IRIB", "Islamic Republic of Iran Broadcasting", "صدا و سیما", "سازمان صدا و سیما"]),
    ("org:irna", ["IRNA", "ایرنا", "خبرگزاری جمهوری اسلامی"]),
    ("org:isna", ["ISNA", "ایسنا", "خبرگزاری دانشجویان ایران"]),
    ("org:khabaronline", ["Khabaronline", "خبرآنلاین"]),
    ("org:majlis", ["Majlis", "Islamic Consultative Assembly", "مجلس شورای اسلامی"]),
    (
        "org:msrt",
        ["MSRT", "Ministry of Science, Research and Technology", "وزارت علوم، تحقیقات و فناوری", "وزارت علوم"],
    ),
    (
        "org:vpst",
        [
            "Vice Presidency for Science and Technology",
            "معاونت علمی و فناوری ریاست جمهوری",
            "معاونت علمی، فناوری و اقتصاد دانش بنیان ریاست جمهوری",
        ],
    ),
    ("org:nrisp", ["NRISP", "National Research Institute for Science Policy", "مرکز تحقیقات سیاست علمی کشور"]),
    ("org:inef", ["Iran's National Elites Foundation", "بنیاد ملی نخبگان"]),
    ("org:insf", ["Iran National Science Foundation", "INSF", "صندوق حمایت از پژوهشگران و فناوران کشور"]),
    ("org:university-of-tehran", ["University of Tehran", "دانشگاه تهران"]),
    ("org:sharif", ["Sharif University of Technology", "دانشگاه صنعتی شریف"]),
]

# Words before an English name that make it a person's: "Prof. BAI Chunli", "Ambassador Simona-Mirela Miculescu".
ENGLISH_TITLES = {"prof", "professor", "dr", "mr", "mrs", "ms", "miss", "sir", "dame", "madam", "academician"}
# Roles: before a name ("President Tamás Sulyok"), or after one and a comma ("QU Xing, Deputy Director").
ENGLISH_ROLES = {
    "president", "minister", "ambassador", "chairman", "chairperson", "chair", "director", "secretary", "vice",
    "deputy", "head", "founder", "founding", "executive", "manager", "professor", "governor", "mayor",
    "spokesperson", "spokesman", "ceo", "dean", "rector", "chancellor", "premier", "king", "queen", "member",
    "program", "programme", "representative", "acting", "assistant", "senior", "general", "chief",
}  # fmt: skip
# A capitalized run with one of these is an organization ("Serbian Academy of Sciences and Arts").
ENGLISH_ORG_WORDS = {
    "academy", "academies", "university", "universities", "institute", "institution", "council", "organization",
    "organisation", "organizations", "organisations", "agency", "ministry", "department", "centre", "center",
    "commission", "committee", "foundation", "alliance", "association", "associations", "society", "bank",
    "fund", "network", "office", "secretariat", "laboratory", "partnership", "union", "federation",
    "corporation", "company", "survey", "authority", "bureau", "parliament", "embassy", "school", "college",
    "observatory", "museum", "library", "hospital", "consortium", "coalition", "assembly",
}  # fmt: skip
# Lower-case words that may join the capitalized words of a name: "Ministry of Science and Technology".
ENGLISH_CONNECTORS = {"of", "and", "for", "the", "on", "in", "de", "du", "des", "la", "le", "del", "di", "&"}

# Words before a Persian name that make it a person's.
PERSIAN_TITLES = {
    "دکتر", "مهندس", "آقای", "خانم", "استاد", "پروفسور", "حجت‌الاسلام", "حجت الاسلام", "آیت‌الله", "آیت الله",
    "سردار", "سرلشکر", "سرتیپ", "سرهنگ", "جناب", "سرکار",
}  # fmt: skip
# Roles that end a Persian name ("حسین روزبه رییس سازمان …") and never start one.
PERSIAN_ROLES = {
    "رئیس", "رییس", "مدیر", "مدیرکل", "معاون", "وزیر", "عضو", "اعضای", "سرپرست", "دبیر", "دبیرکل", "نماینده",
    "مشاور", "کارشناس", "پژوهشگر", "سخنگوی", "سفیر", "استاندار", "فرماندار", "شهردار", "رئیس‌جمهور",
    "محترم", "خبرنگار", "نویسنده", "بنیانگذار", "موسس", "قائم‌مقام", "مسئول", "هیات", "هیأت",
}  # fmt: skip
# Words that start a Persian organization's name ("سازمان توسعه همکاری‌های علمی …").
PERSIAN_ORG_WORDS = {
    "سازمان", "دانشگاه", "وزارت", "وزارتخانه", "پژوهشگاه", "پژوهشکده", "بنیاد", "صندوق", "موسسه", "مؤسسه",
    "انجمن", "فرهنگستان", "آکادمی", "خبرگزاری", "معاونت", "ستاد", "دبیرخانه", "کمیسیون", "شورای", "مجلس",
    "بانک", "سفارت", "اتحادیه", "مرکز", "شرکت", "کانون", "پارک", "باشگاه", "روزنامه",
}  # fmt: skip
# Words that start one only with a sign of a proper name: a place, another organization word, or an
# alias in parentheses («خانه فناوری و نوآوری ایران (آیهیت)»), since «یک شبکه منسجم» is no organization.
PERSIAN_WEAK_ORG_WORDS = {"شبکه", "دفتر", "خانه", "گروه", "اداره", "کمیته", "پایگاه"}
# Adjectives after such a word that make it an institution's name: «گروه پژوهشی …», «شبکه ملی …».
PERSIAN_ORG_QUALIFIERS = {"پژوهشی", "ملی", "تحقیقاتی", "آموزشی", "تخصصی"}
# Verbs and verbal nouns that end a Persian name written without punctuation before them.
PERSIAN_NAME_ENDERS = {
    "برگزار", "گفت", "افزود", "کرد", "کردند", "کند", "کنند", "شد", "شدند", "است", "بود", "دارد", "داشت",
    "نمود", "اعلام", "تاکید", "تأکید", "اظهار", "بیان", "گفتگو", "گفتگویی", "همچنین", "ضمن", "طی", "پیرامون",
    "نیز", "سال", "روز", "امروز", "دیروز", "هفته", "ماه", "همکاری", "داشته", "داشتهاند", "آغاز", "انجام",
    "توسط", "سوی", "شامل", "جمله", "مانند", "عنوان", "منظور", "حضور", "بازدید", "خصوص", "مورد", "بخش",
    "بخشهای", "جهت", "محل", "سالن", "جلسه", "نشست", "یکی", "دو", "سه", "اولین", "دومین", "نخستین",
    "فوق", "مذکور", "یادشده", "مزبور", "مربوطه", "مربوط", "بهعنوان", "بهمنظور", "بهطور", "بهدلیل", "بهخاطر",
}  # fmt: skip
# Common Persian first names: one followed by a word that is no function word starts a person's name.
PERSIAN_FIRST_NAMES = {
    "علی", "محمد", "حسین", "حسن", "رضا", "مهدی", "احمد", "محمود", "مصطفی", "مجتبی", "جواد", "سعید", "حمید",
    "مجید", "ابراهیم", "اسماعیل", "عباس", "کاظم", "قاسم", "هادی", "محسن", "مرتضی", "سلمان", "سیروس",
    "کوروش", "داریوش", "بهروز", "بهرام", "فرهاد", "فرشید", "پرویز", "جمشید", "وحید", "نادر", "کامران",
    "پیمان", "بابک", "آرش", "مسعود", "یوسف", "جعفر", "عبدالله", "اکبر", "اصغر", "ایرج", "نیما", "سینا",
    "پویا", "میلاد", "مهران", "شهرام", "شاهین", "روح‌الله", "محمدرضا", "محمدعلی", "محمدحسین", "علیرضا",
    "حمیدرضا", "غلامرضا", "غلامحسین", "امیرحسین", "سجاد", "صادق", "منصور", "ناصر", "حبیب", "فریدون",
    "منوچهر", "هوشنگ", "کیوان", "رامین", "فرزاد", "سیامک", "بیژن", "اردشیر", "مهرداد", "فرامرز", "سهراب",
    "فاطمه", "زهرا", "مریم", "معصومه", "زینب", "سارا", "مینا", "میترا", "لیلا", "نسرین", "پروین", "فرزانه",
    "مهسا", "سمیه", "نازنین", "شهلا", "مرجان", "نیلوفر", "طاهره", "اعظم", "منیژه", "سیمین", "فریبا",
    "مهناز", "شیوا", "هانیه", "سپیده", "مژگان", "ندا", "آزیتا", "پریسا", "الناز", "شقایق",
}  # fmt: skip
