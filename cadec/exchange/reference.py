# ruff: noqa: E501 (each demonstration text stays on one line, as written)
"""Demonstration data of the exchange: practices written in their own languages, with needs and
offers that match some of them. Every row is marked as demonstration data; none states a figure.
"""

from datetime import datetime

from django.db import transaction

from cadec.exchange import search
from cadec.exchange.models import Need, Offer, Practice
from cadec.members.models import Framework, Organisation, Topic

DEMO_NOTE = "Demonstration data written for CADEC; not an official account of this programme."

# (country, language, sectors, themes, title, summary)
PRACTICES: list[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str]] = [
    (
        "CHN",
        "zh-hans",
        ("health",),
        ("digital-pandemic-control",),
        "远程医疗平台连接县级医院与乡村诊所",
        "县级医院通过视频会诊平台为乡村诊所提供远程诊断和专家咨询，患者无需长途就医。",
    ),
    (
        "CHN",
        "zh-hans",
        ("health", "transportation"),
        ("big-data",),
        "医疗物资物流调度平台",
        "利用统一的数据平台调度口罩、呼吸机等医疗设备的仓储和运输，实时跟踪库存与配送路线。",
    ),
    (
        "CHN",
        "zh-hans",
        ("finance", "retail"),
        ("economic-transformation",),
        "移动支付助力小商户数字化",
        "街边小商户使用二维码收款，降低现金管理成本，并获得基于交易记录的小额信贷。",
    ),
    (
        "CHN",
        "zh-hans",
        ("agriculture", "retail"),
        ("economic-transformation",),
        "农产品直播电商",
        "农民通过直播平台直接向城市消费者销售农产品，减少中间环节，提高收入。",
    ),
    (
        "CHN",
        "zh-hans",
        ("transportation",),
        ("smart-cities", "artificial-intelligence"),
        "城市交通大脑",
        "利用人工智能分析路口摄像头和信号灯数据，动态调整红绿灯配时，缓解交通拥堵。",
    ),
    (
        "VNM",
        "vi",
        ("health",),
        ("digital-pandemic-control",),
        "Ứng dụng truy vết tiếp xúc trên điện thoại",
        "Ứng dụng dùng Bluetooth để ghi nhận tiếp xúc gần và cảnh báo người dùng khi có nguy cơ lây nhiễm, dữ liệu được lưu trên máy người dùng.",
    ),
    (
        "VNM",
        "vi",
        ("health",),
        ("digital-pandemic-control",),
        "Khai báo y tế điện tử bằng mã QR",
        "Người dân khai báo y tế trực tuyến và quét mã QR tại sân bay, bệnh viện, nơi công cộng để hỗ trợ truy vết dịch bệnh.",
    ),
    (
        "VNM",
        "vi",
        ("agriculture",),
        ("big-data",),
        "Truy xuất nguồn gốc nông sản bằng mã QR",
        "Nông sản được gắn mã QR ghi lại vùng trồng, quy trình chăm sóc và thu hoạch để người mua kiểm tra nguồn gốc.",
    ),
    (
        "VNM",
        "vi",
        ("finance",),
        ("economic-transformation",),
        "Thanh toán di động cho nông dân vùng nông thôn",
        "Dịch vụ ví điện tử qua điện thoại giúp nông dân nhận tiền bán nông sản và thanh toán hóa đơn mà không cần tài khoản ngân hàng.",
    ),
    (
        "THA",
        "th",
        ("agriculture", "retail"),
        ("economic-transformation",),
        "ตลาดออนไลน์สำหรับเกษตรกร",
        "แพลตฟอร์มอีคอมเมิร์ซช่วยให้เกษตรกรขายผลผลิตให้ผู้บริโภคโดยตรง พร้อมบริการจัดส่งและชำระเงินออนไลน์",
    ),
    (
        "THA",
        "th",
        ("finance",),
        ("economic-transformation",),
        "ระบบพร้อมเพย์สำหรับการโอนเงินด้วยเบอร์โทรศัพท์",
        "ประชาชนโอนเงินและรับเงินสวัสดิการด้วยหมายเลขโทรศัพท์หรือเลขบัตรประชาชน ร้านค้าเล็กรับชำระด้วยคิวอาร์โค้ด",
    ),
    (
        "THA",
        "th",
        ("health",),
        ("digital-pandemic-control",),
        "แอปพลิเคชันเช็กอินสถานที่เพื่อติดตามผู้สัมผัส",
        "ผู้ใช้สแกนคิวอาร์โค้ดเมื่อเข้าออกร้านค้าและสถานที่สาธารณะ เพื่อให้เจ้าหน้าที่แจ้งเตือนผู้ที่อาจสัมผัสเชื้อ",
    ),
    (
        "THA",
        "th",
        ("manufacturing",),
        ("artificial-intelligence",),
        "โรงงานอัจฉริยะสำหรับวิสาหกิจขนาดกลางและขนาดย่อม",
        "ติดตั้งเซนเซอร์และระบบวิเคราะห์ข้อมูลเพื่อคาดการณ์การซ่อมบำรุงเครื่องจักรในโรงงานขนาดเล็ก",
    ),
    (
        "IDN",
        "id",
        ("finance",),
        ("economic-transformation",),
        "Pembayaran seluler untuk warung dan UMKM",
        "Warung dan usaha mikro menerima pembayaran dengan kode QR standar nasional sehingga pelanggan dapat membayar dari berbagai dompet digital.",
    ),
    (
        "IDN",
        "id",
        ("finance", "agriculture"),
        ("economic-transformation",),
        "Dompet digital untuk petani",
        "Petani menerima pembayaran hasil panen dan membeli pupuk melalui dompet digital di ponsel tanpa harus ke bank.",
    ),
    (
        "IDN",
        "id",
        ("health",),
        ("digital-pandemic-control",),
        "Aplikasi pelacakan kontak dan sertifikat vaksin",
        "Aplikasi nasional memindai kode QR di tempat umum, menyimpan sertifikat vaksin, dan memberi peringatan risiko paparan.",
    ),
    (
        "IDN",
        "id",
        ("retail",),
        ("economic-transformation",),
        "Pelatihan e-commerce untuk usaha kecil",
        "Program pelatihan membantu usaha kecil membuka toko daring, memotret produk, dan mengelola pengiriman.",
    ),
    (
        "MYS",
        "ms",
        ("transportation",),
        ("smart-cities", "artificial-intelligence"),
        "Sistem lampu isyarat pintar",
        "Lampu isyarat trafik menyesuaikan masa hijau berdasarkan data kamera dan penderia untuk mengurangi kesesakan di persimpangan.",
    ),
    (
        "MYS",
        "ms",
        ("transportation",),
        ("smart-cities",),
        "Aplikasi pengangkutan awam bersepadu",
        "Penumpang merancang perjalanan bas dan kereta api dalam satu aplikasi dengan maklumat ketibaan masa nyata.",
    ),
    (
        "MYS",
        "ms",
        ("health",),
        ("digital-pandemic-control",),
        "Aplikasi daftar masuk dan status risiko",
        "Pengguna mendaftar masuk premis dengan kod QR dan melihat status risiko jangkitan mereka dalam aplikasi.",
    ),
    (
        "MYS",
        "ms",
        ("retail",),
        ("economic-transformation",),
        "Pendigitalan peniaga kecil",
        "Program membantu peniaga kecil menerima pembayaran tanpa tunai dan menjual melalui platform dalam talian.",
    ),
    (
        "SGP",
        "en",
        ("finance",),
        ("digital-infrastructure",),
        "National digital identity for public and private services",
        "Residents sign in to government and bank services with one digital identity on their phone, with consent-based sharing of verified personal data.",
    ),
    (
        "SGP",
        "en",
        ("transportation",),
        ("smart-cities", "big-data"),
        "Open transport data for developers",
        "Real-time bus arrival and traffic data are published as open APIs so that companies can build travel apps.",
    ),
    (
        "SGP",
        "en",
        ("health",),
        ("digital-pandemic-control",),
        "Bluetooth token for contact tracing",
        "A small Bluetooth token, for people without smartphones, records close contacts so they can be notified.",
    ),
    (
        "SGP",
        "en",
        ("finance",),
        ("digital-infrastructure",),
        "Electronic invoicing network for businesses",
        "Businesses exchange invoices in a common electronic format, which speeds up payment and reduces errors.",
    ),
    (
        "PHL",
        "fil",
        ("health",),
        ("digital-pandemic-control",),
        "Online na pag-aaral sa panahon ng pandemya",
        "Ang mga paaralan ay gumamit ng online at modular na pag-aaral, kasama ang mga aralin sa radyo at telebisyon para sa mga mag-aaral na walang internet.",
    ),
    (
        "PHL",
        "fil",
        ("finance",),
        ("economic-transformation",),
        "Digital na pagbabayad para sa mga sari-sari store",
        "Ang mga maliliit na tindahan ay tumatanggap ng bayad gamit ang QR code at mobile wallet.",
    ),
    (
        "PHL",
        "fil",
        ("agriculture",),
        ("big-data",),
        "Impormasyon sa panahon para sa mga magsasaka sa pamamagitan ng SMS",
        "Nakakatanggap ang mga magsasaka ng babala sa bagyo at payo sa pagtatanim sa kanilang mobile phone.",
    ),
    (
        "PHL",
        "fil",
        ("health",),
        ("digital-infrastructure",),
        "Telekonsulta para sa malalayong barangay",
        "Ang mga doktor ay nagbibigay ng konsultasyon sa video at telepono sa mga pasyente sa malalayong isla.",
    ),
    (
        "KHM",
        "km",
        ("finance",),
        ("digital-infrastructure",),
        "ប្រព័ន្ធទូទាត់ប្រាក់តាមទូរស័ព្ទដៃ",
        "ប្រជាពលរដ្ឋផ្ទេរប្រាក់ និងទូទាត់ប្រាក់តាមរយៈកូដ QR នៅលើទូរស័ព្ទដៃ ដោយមិនចាំបាច់មានគណនីធនាគារ។",
    ),
    (
        "KHM",
        "km",
        ("agriculture",),
        ("economic-transformation",),
        "វេទិកាលក់កសិផលតាមអនឡាញ",
        "កសិករលក់បន្លែ និងផ្លែឈើដោយផ្ទាល់ទៅអ្នកទិញតាមរយៈវេទិកាអនឡាញ។",
    ),
    (
        "KHM",
        "km",
        ("health",),
        ("digital-pandemic-control",),
        "ការស្កេនកូដ QR ដើម្បីតាមដានអ្នកប៉ះពាល់",
        "អ្នកចូលទីតាំងសាធារណៈស្កេនកូដ QR ដើម្បីជួយតាមដានអ្នកប៉ះពាល់ជំងឺ។",
    ),
    (
        "KHM",
        "km",
        ("retail",),
        ("economic-transformation",),
        "ការបណ្តុះបណ្តាលពាណិជ្ជកម្មអេឡិចត្រូនិកសម្រាប់សហគ្រាសខ្នាតតូច",
        "សហគ្រាសខ្នាតតូចរៀនបើកហាងអនឡាញ និងគ្រប់គ្រងការដឹកជញ្ជូន។",
    ),
    (
        "LAO",
        "lo",
        ("finance",),
        ("digital-infrastructure",),
        "ການຊຳລະເງິນຜ່ານໂທລະສັບມືຖື",
        "ປະຊາຊົນໂອນເງິນ ແລະ ຊຳລະຄ່າສິນຄ້າດ້ວຍລະຫັດ QR ຜ່ານໂທລະສັບມືຖື.",
    ),
    (
        "LAO",
        "lo",
        ("agriculture",),
        ("big-data",),
        "ຂໍ້ມູນລາຄາກະສິກຳສຳລັບຊາວກະສິກອນ",
        "ຊາວກະສິກອນໄດ້ຮັບຂໍ້ມູນລາຄາຜົນຜະລິດກະສິກຳຜ່ານໂທລະສັບ ເພື່ອຂາຍໃນລາຄາທີ່ເປັນທຳ.",
    ),
    (
        "LAO",
        "lo",
        ("health",),
        ("digital-pandemic-control",),
        "ການປຶກສາທາງການແພດທາງໄກ",
        "ແພດຢູ່ໂຮງໝໍສູນກາງໃຫ້ຄຳປຶກສາແກ່ໂຮງໝໍເມືອງຜ່ານວິດີໂອ.",
    ),
    (
        "LAO",
        "lo",
        ("transportation",),
        ("digital-infrastructure",),
        "ລະບົບຕິດຕາມການຂົນສົ່ງສິນຄ້າຂ້າມແດນ",
        "ຜູ້ຂົນສົ່ງຕິດຕາມສິນຄ້າ ແລະ ເອກະສານພາສີຂ້າມແດນແບບອີເລັກໂທຣນິກ.",
    ),
    (
        "MMR",
        "my",
        ("finance",),
        ("economic-transformation",),
        "မိုဘိုင်းငွေပေးချေမှုစနစ်",
        "ကျေးလက်နေပြည်သူများသည် ဖုန်းဖြင့် ငွေလွှဲခြင်းနှင့် ငွေပေးချေခြင်းကို ဘဏ်အကောင့်မလိုဘဲ ပြုလုပ်နိုင်သည်။",
    ),
    (
        "MMR",
        "my",
        ("agriculture",),
        ("big-data",),
        "တောင်သူများအတွက် ရာသီဥတုသတင်းအချက်အလက်",
        "တောင်သူများသည် မိုးလေဝသသတိပေးချက်နှင့် စိုက်ပျိုးရေးအကြံပြုချက်များကို ဖုန်းမှတစ်ဆင့် ရရှိသည်။",
    ),
    (
        "MMR",
        "my",
        ("health",),
        ("digital-pandemic-control",),
        "အဝေးမှ ဆေးကုသမှုဝန်ဆောင်မှု",
        "ဆရာဝန်များသည် ဗီဒီယိုခေါ်ဆိုမှုဖြင့် ဝေးလံသောဒေသရှိ လူနာများကို ဆွေးနွေးကုသပေးသည်။",
    ),
    (
        "BRN",
        "ms",
        ("health",),
        ("digital-pandemic-control",),
        "Aplikasi kesihatan untuk daftar masuk premis",
        "Orang ramai mengimbas kod QR semasa memasuki premis bagi membantu pengesanan kontak.",
    ),
    (
        "BRN",
        "ms",
        ("finance",),
        ("digital-infrastructure",),
        "Perkhidmatan kerajaan dalam talian dengan identiti digital",
        "Penduduk mengakses perkhidmatan kerajaan dalam talian dengan satu akaun identiti digital.",
    ),
]

# (delegation, kind, sectors, themes, language, title, description)
NEEDS = [
    (
        "LAO",
        "EXPERTISE",
        ("finance", "agriculture"),
        ("economic-transformation",),
        "en",
        "Mobile payments for farmers",
        "Advice on how farmers in rural areas without bank accounts can be paid by mobile phone.",
    ),
    (
        "KHM",
        "TECHNOLOGY",
        ("health",),
        ("digital-pandemic-control",),
        "en",
        "Telemedicine for district hospitals",
        "A video consultation system linking district hospitals with specialists in the capital.",
    ),
    (
        "MMR",
        "TRAINING",
        ("retail", "agriculture"),
        ("economic-transformation",),
        "en",
        "Training farmers to sell online",
        "Training for farmers' cooperatives to open online shops and organise delivery.",
    ),
    (
        "PHL",
        "EXPERTISE",
        ("transportation",),
        ("smart-cities",),
        "en",
        "Adaptive traffic signals for congested cities",
        "Experience with traffic lights that adapt to traffic in real time.",
    ),
]
OFFERS = [
    (
        "CHN",
        "TECHNOLOGY",
        ("health",),
        ("digital-pandemic-control",),
        "zh-hans",
        "远程会诊系统及培训",
        "提供县级医院远程视频会诊系统的部署经验和医务人员培训。",
    ),
    (
        "IDN",
        "EXPERTISE",
        ("finance",),
        ("economic-transformation",),
        "id",
        "Keahlian pembayaran QR untuk usaha mikro",
        "Berbagi pengalaman menerapkan standar pembayaran QR nasional bagi usaha mikro dan petani.",
    ),
    (
        "THA",
        "TRAINING",
        ("agriculture", "retail"),
        ("economic-transformation",),
        "th",
        "อบรมการขายสินค้าเกษตรออนไลน์",
        "หลักสูตรอบรมเกษตรกรและสหกรณ์ในการเปิดร้านค้าออนไลน์และจัดการการจัดส่ง",
    ),
    (
        "MYS",
        "EXPERTISE",
        ("transportation",),
        ("smart-cities",),
        "ms",
        "Kepakaran lampu isyarat pintar",
        "Berkongsi pengalaman memasang lampu isyarat trafik yang menyesuaikan diri dengan aliran trafik.",
    ),
]


def _topics(framework: Framework, kind: str, codes: tuple[str, ...]) -> list[Topic]:
    return list(Topic.objects.filter(framework=framework, kind=kind, code__in=codes))


def _delegation(framework: Framework, iso3: str) -> Organisation:
    return Organisation.objects.get(
        framework=framework, kind=Organisation.Kind.DELEGATION, country__iso3=iso3
    )


@transaction.atomic
def load_demonstration_exchange(
    *, framework: Framework, now: datetime, embed: bool = True
) -> list[Practice]:
    """Load the demonstration practices (published), needs and offers; index and embed them."""
    practices = []
    for iso3, language, sectors, themes, title, summary in PRACTICES:
        delegation = _delegation(framework, iso3)
        assert delegation.country is not None  # noqa: S101 (a delegation has its country)
        practice = Practice.objects.create(
            title=title,
            summary=summary,
            body=f"<p>{summary}</p>",
            country=delegation.country,
            organisation=delegation,
            language=language,
            results="",
            contact=DEMO_NOTE,
            status=Practice.Status.PUBLISHED,
            is_demonstration=True,
            created_at=now,
            updated_at=now,
            published_at=now,
        )
        practice.sectors.set(_topics(framework, Topic.Kind.SECTOR, sectors))
        practice.themes.set(_topics(framework, Topic.Kind.THEME, themes))
        practices.append(practice)
    for model, rows in ((Need, NEEDS), (Offer, OFFERS)):
        for iso3, kind, sectors, themes, language, title, description in rows:
            listing = model.objects.create(
                delegation=_delegation(framework, iso3),
                kind=kind,
                title=title,
                description=description,
                language=language,
                is_demonstration=True,
                created_at=now,
            )
            listing.sectors.set(_topics(framework, Topic.Kind.SECTOR, sectors))
            listing.themes.set(_topics(framework, Topic.Kind.THEME, themes))
    search.rebuild_keyword_index()
    if embed:
        search.embed_practices()
    return practices


def suggest_demonstration_matches(*, now: datetime) -> int:
    """Suggest matches for every demonstration need (after the practices are embedded)."""
    from cadec.exchange.services import suggest_matches

    return sum(
        len(suggest_matches(need=need, now=now))
        for need in Need.objects.filter(is_demonstration=True).order_by("pk")
    )
