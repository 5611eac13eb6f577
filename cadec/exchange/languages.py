# ruff: noqa: E501 (each sentence stays on one line, as written)
"""What the embedding model encodes of a text's language rather than of its meaning.

multilingual-e5 puts every text in a region of its own language (and of its script): a short
Thai query sits closer to an unrelated Lao or Khmer text than to a Vietnamese text on the same
subject. The parallel set below says the same 51 things in the ten languages of the framework;
the mean vector of each language over it differs from the others by language alone, so the span
of those means (as passages and as queries, 20 vectors) holds the directions of language. Search
compares texts with those directions projected out (``search._nearest``).

The directions are computed once, from this set and the packaged model, and shipped beside this
module (``language_directions.npz``); ``uv run python -m cadec.exchange.languages`` recomputes
them (about 30 s on 2 cores), for instance after a change of model or of the set. The benchmark
(``benchmarks/search.py``) measures cross-lingual retrieval on the same set.
"""

import functools
import sys
from pathlib import Path

import numpy as np

# The order of the languages in each tuple of PARALLEL.
LANGUAGES = ("en", "zh-hans", "vi", "th", "id", "ms", "km", "lo", "my", "fil")
DIRECTIONS_FILE = Path(__file__).with_name("language_directions.npz")

# The parallel set: the same sentence about digital-economy practice in each language of LANGUAGES.
PARALLEL: list[tuple[str, str, str, str, str, str, str, str, str, str]] = [
    (
        "Farmers receive payment for their crops on a mobile phone.",
        "农民通过手机收到农作物的货款。",
        "Nông dân nhận tiền bán nông sản qua điện thoại di động.",
        "เกษตรกรได้รับเงินค่าพืชผลผ่านโทรศัพท์มือถือ",
        "Petani menerima pembayaran hasil panen melalui ponsel.",
        "Petani menerima bayaran hasil tanaman melalui telefon bimbit.",
        "កសិករទទួលប្រាក់ពីការលក់ដំណាំតាមទូរស័ព្ទដៃ។",
        "ຊາວກະສິກອນໄດ້ຮັບເງິນຄ່າພືດຜົນຜ່ານໂທລະສັບມືຖື.",
        "တောင်သူများသည် သီးနှံရောင်းရငွေကို မိုဘိုင်းဖုန်းမှတစ်ဆင့် လက်ခံရရှိကြသည်။",
        "Tumatanggap ang mga magsasaka ng bayad para sa kanilang ani sa pamamagitan ng mobile phone.",
    ),
    (
        "Doctors in the city examine village patients by video call.",
        "城市医生通过视频通话为乡村患者看病。",
        "Bác sĩ ở thành phố khám cho bệnh nhân ở làng qua cuộc gọi video.",
        "แพทย์ในเมืองตรวจผู้ป่วยในหมู่บ้านผ่านวิดีโอคอล",
        "Dokter di kota memeriksa pasien desa melalui panggilan video.",
        "Doktor di bandar memeriksa pesakit kampung melalui panggilan video.",
        "វេជ្ជបណ្ឌិតនៅទីក្រុងពិនិត្យអ្នកជំងឺនៅភូមិតាមរយៈការហៅជាវីដេអូ។",
        "ທ່ານໝໍໃນຕົວເມືອງກວດຄົນເຈັບຢູ່ໝູ່ບ້ານຜ່ານການໂທວິດີໂອ.",
        "မြို့ရှိ ဆရာဝန်များသည် ကျေးရွာရှိ လူနာများကို ဗီဒီယိုခေါ်ဆိုမှုဖြင့် စစ်ဆေးကြသည်။",
        "Sinusuri ng mga doktor sa lungsod ang mga pasyente sa nayon sa pamamagitan ng video call.",
    ),
    (
        "The app warns users who were close to an infected person.",
        "该应用会提醒曾与感染者密切接触的用户。",
        "Ứng dụng cảnh báo người dùng đã tiếp xúc gần với người nhiễm bệnh.",
        "แอปแจ้งเตือนผู้ใช้ที่เคยอยู่ใกล้ผู้ติดเชื้อ",
        "Aplikasi memperingatkan pengguna yang pernah dekat dengan orang yang terinfeksi.",
        "Aplikasi memberi amaran kepada pengguna yang pernah rapat dengan orang yang dijangkiti.",
        "កម្មវិធីនេះព្រមានអ្នកប្រើប្រាស់ដែលធ្លាប់នៅជិតអ្នកឆ្លងជំងឺ។",
        "ແອັບແຈ້ງເຕືອນຜູ້ໃຊ້ທີ່ເຄີຍຢູ່ໃກ້ກັບຜູ້ຕິດເຊື້ອ.",
        "အက်ပ်သည် ရောဂါကူးစက်ခံရသူနှင့် နီးကပ်စွာ ရှိခဲ့သော အသုံးပြုသူများကို သတိပေးသည်။",
        "Binabalaan ng app ang mga user na napalapit sa isang taong nahawaan.",
    ),
    (
        "Traffic lights change their timing according to the number of cars.",
        "红绿灯根据车辆数量调整时长。",
        "Đèn giao thông thay đổi thời gian theo số lượng xe.",
        "สัญญาณไฟจราจรปรับเวลาตามจำนวนรถ",
        "Lampu lalu lintas mengubah waktunya sesuai jumlah mobil.",
        "Lampu isyarat mengubah masanya mengikut bilangan kereta.",
        "ភ្លើងចរាចរណ៍ប្តូររយៈពេលភ្លើងទៅតាមចំនួនរថយន្ត។",
        "ໄຟສັນຍານຈະລາຈອນປ່ຽນເວລາຕາມຈຳນວນລົດ.",
        "မီးပွိုင့်များသည် ကားအရေအတွက်အလိုက် အချိန်ကို ပြောင်းလဲသည်။",
        "Binabago ng mga traffic light ang kanilang tiyempo ayon sa dami ng sasakyan.",
    ),
    (
        "Citizens sign in to public services with one digital identity.",
        "公民使用一个数字身份登录公共服务。",
        "Công dân đăng nhập các dịch vụ công bằng một danh tính số.",
        "ประชาชนเข้าสู่บริการภาครัฐด้วยตัวตนดิจิทัลเดียว",
        "Warga masuk ke layanan publik dengan satu identitas digital.",
        "Rakyat log masuk ke perkhidmatan awam dengan satu identiti digital.",
        "ប្រជាពលរដ្ឋចូលប្រើសេវាសាធារណៈដោយប្រើអត្តសញ្ញាណឌីជីថលតែមួយ។",
        "ປະຊາຊົນເຂົ້າໃຊ້ບໍລິການພາກລັດດ້ວຍຕົວຕົນດິຈິຕອນອັນດຽວ.",
        "နိုင်ငံသားများသည် ဒစ်ဂျစ်တယ်အထောက်အထားတစ်ခုတည်းဖြင့် အများပြည်သူဝန်ဆောင်မှုများသို့ ဝင်ရောက်ကြသည်။",
        "Nagla-log in ang mga mamamayan sa mga serbisyong pampubliko gamit ang iisang digital na pagkakakilanlan.",
    ),
    (
        "Students follow lessons online when schools are closed.",
        "学校停课时学生在网上上课。",
        "Học sinh học trực tuyến khi trường học đóng cửa.",
        "นักเรียนเรียนออนไลน์เมื่อโรงเรียนปิด",
        "Siswa mengikuti pelajaran daring saat sekolah ditutup.",
        "Pelajar mengikuti pelajaran dalam talian apabila sekolah ditutup.",
        "សិស្សរៀនតាមអនឡាញនៅពេលសាលារៀនបិទ។",
        "ນັກຮຽນຮຽນອອນລາຍໃນເວລາທີ່ໂຮງຮຽນປິດ.",
        "ကျောင်းများပိတ်ထားချိန်တွင် ကျောင်းသားများသည် အွန်လိုင်းမှ စာသင်ကြသည်။",
        "Nag-aaral online ang mga estudyante kapag sarado ang mga paaralan.",
    ),
    (
        "Small shops accept payment by scanning a QR code.",
        "小商店通过扫描二维码收款。",
        "Cửa hàng nhỏ nhận thanh toán bằng cách quét mã QR.",
        "ร้านค้าเล็กรับชำระเงินด้วยการสแกนคิวอาร์โค้ด",
        "Toko kecil menerima pembayaran dengan memindai kode QR.",
        "Kedai kecil menerima bayaran dengan mengimbas kod QR.",
        "ហាងតូចៗទទួលការទូទាត់ប្រាក់ដោយការស្កេនកូដ QR។",
        "ຮ້ານຄ້ານ້ອຍຮັບຊຳລະເງິນດ້ວຍການສະແກນລະຫັດ QR.",
        "ဆိုင်ငယ်များသည် QR ကုဒ်ကို စကင်ဖတ်၍ ငွေပေးချေမှုကို လက်ခံကြသည်။",
        "Tumatanggap ng bayad ang maliliit na tindahan sa pamamagitan ng pag-scan ng QR code.",
    ),
    (
        "Medical equipment is tracked from the warehouse to the hospital.",
        "医疗设备从仓库到医院全程跟踪。",
        "Thiết bị y tế được theo dõi từ kho đến bệnh viện.",
        "อุปกรณ์การแพทย์ถูกติดตามตั้งแต่คลังสินค้าถึงโรงพยาบาล",
        "Peralatan medis dilacak dari gudang sampai ke rumah sakit.",
        "Peralatan perubatan dijejaki dari gudang hingga ke hospital.",
        "ឧបករណ៍វេជ្ជសាស្ត្រត្រូវបានតាមដានពីឃ្លាំងរហូតដល់មន្ទីរពេទ្យ។",
        "ອຸປະກອນການແພດຖືກຕິດຕາມຕັ້ງແຕ່ສາງສິນຄ້າຈົນເຖິງໂຮງໝໍ.",
        "ဆေးဘက်ဆိုင်ရာ ပစ္စည်းကိရိယာများကို ဂိုဒေါင်မှ ဆေးရုံအထိ ခြေရာခံသည်။",
        "Sinusubaybayan ang mga kagamitang medikal mula sa bodega hanggang sa ospital.",
    ),
    (
        "Farmers sell vegetables directly to buyers on a website.",
        "农民在网站上直接向买家出售蔬菜。",
        "Nông dân bán rau trực tiếp cho người mua trên trang web.",
        "เกษตรกรขายผักให้ผู้ซื้อโดยตรงบนเว็บไซต์",
        "Petani menjual sayuran langsung kepada pembeli di situs web.",
        "Petani menjual sayur terus kepada pembeli di laman web.",
        "កសិករលក់បន្លែដោយផ្ទាល់ទៅអ្នកទិញនៅលើគេហទំព័រ។",
        "ຊາວກະສິກອນຂາຍຜັກໃຫ້ຜູ້ຊື້ໂດຍກົງຢູ່ເທິງເວັບໄຊ.",
        "တောင်သူများသည် ဝဘ်ဆိုက်ပေါ်တွင် ဝယ်သူများထံ ဟင်းသီးဟင်းရွက်များကို တိုက်ရိုက် ရောင်းချကြသည်။",
        "Direktang nagbebenta ng gulay ang mga magsasaka sa mga mamimili sa isang website.",
    ),
    (
        "Sensors predict when a factory machine needs repair.",
        "传感器预测工厂机器何时需要维修。",
        "Cảm biến dự đoán khi nào máy móc trong nhà máy cần sửa chữa.",
        "เซนเซอร์คาดการณ์ว่าเครื่องจักรในโรงงานต้องซ่อมเมื่อใด",
        "Sensor memprediksi kapan mesin pabrik perlu diperbaiki.",
        "Penderia meramalkan bila mesin kilang perlu dibaiki.",
        "ឧបករណ៍ចាប់សញ្ញាព្យាករថាពេលណាម៉ាស៊ីនក្នុងរោងចក្រត្រូវការជួសជុល។",
        "ເຊັນເຊີຄາດຄະເນວ່າເມື່ອໃດເຄື່ອງຈັກໃນໂຮງງານຕ້ອງສ້ອມແປງ.",
        "အာရုံခံကိရိယာများသည် စက်ရုံရှိ စက်များကို မည်သည့်အချိန်တွင် ပြုပြင်ရမည်ကို ခန့်မှန်းပေးသည်။",
        "Hinuhulaan ng mga sensor kung kailan kailangang ayusin ang isang makina sa pabrika.",
    ),
    (
        "Bus arrival times are published as open data.",
        "公交车到站时间作为开放数据发布。",
        "Thời gian xe buýt đến được công bố dưới dạng dữ liệu mở.",
        "เวลารถเมล์มาถึงถูกเผยแพร่เป็นข้อมูลเปิด",
        "Waktu kedatangan bus dipublikasikan sebagai data terbuka.",
        "Waktu ketibaan bas diterbitkan sebagai data terbuka.",
        "ពេលវេលាមកដល់របស់ឡានក្រុងត្រូវបានផ្សព្វផ្សាយជាទិន្នន័យបើកចំហ។",
        "ເວລາລົດເມມາຮອດຖືກເຜີຍແຜ່ເປັນຂໍ້ມູນເປີດ.",
        "ဘတ်စ်ကား ဆိုက်ရောက်ချိန်များကို ပွင့်လင်းဒေတာအဖြစ် ထုတ်ပြန်သည်။",
        "Inilalathala bilang open data ang oras ng pagdating ng mga bus.",
    ),
    (
        "Fishermen receive storm warnings by text message.",
        "渔民通过短信收到风暴预警。",
        "Ngư dân nhận cảnh báo bão qua tin nhắn.",
        "ชาวประมงได้รับคำเตือนพายุทางข้อความ",
        "Nelayan menerima peringatan badai melalui pesan singkat.",
        "Nelayan menerima amaran ribut melalui mesej teks.",
        "អ្នកនេសាទទទួលបានការព្រមានអំពីព្យុះតាមសារ SMS។",
        "ຊາວປະມົງໄດ້ຮັບຄຳເຕືອນພາຍຸທາງຂໍ້ຄວາມ SMS.",
        "တံငါသည်များသည် မုန်တိုင်းသတိပေးချက်များကို စာတိုမှတစ်ဆင့် ရရှိကြသည်။",
        "Nakatatanggap ang mga mangingisda ng babala tungkol sa bagyo sa pamamagitan ng text message.",
    ),
    (
        "Companies send electronic invoices instead of paper ones.",
        "企业发送电子发票而不是纸质发票。",
        "Doanh nghiệp gửi hóa đơn điện tử thay cho hóa đơn giấy.",
        "บริษัทส่งใบแจ้งหนี้อิเล็กทรอนิกส์แทนกระดาษ",
        "Perusahaan mengirim faktur elektronik sebagai pengganti kertas.",
        "Syarikat menghantar invois elektronik dan bukan kertas.",
        "ក្រុមហ៊ុនផ្ញើវិក្កយបត្រអេឡិចត្រូនិកជំនួសឱ្យវិក្កយបត្រក្រដាស។",
        "ບໍລິສັດສົ່ງໃບເກັບເງິນອີເລັກໂທຣນິກແທນໃບເກັບເງິນທີ່ເປັນເຈ້ຍ.",
        "ကုမ္ပဏီများသည် စက္ကူငွေတောင်းခံလွှာအစား အီလက်ထရောနစ်ငွေတောင်းခံလွှာများကို ပေးပို့ကြသည်။",
        "Nagpapadala ang mga kumpanya ng elektronikong invoice sa halip na papel.",
    ),
    (
        "The government trains civil servants in data analysis.",
        "政府培训公务员进行数据分析。",
        "Chính phủ đào tạo công chức về phân tích dữ liệu.",
        "รัฐบาลอบรมข้าราชการด้านการวิเคราะห์ข้อมูล",
        "Pemerintah melatih pegawai negeri dalam analisis data.",
        "Kerajaan melatih penjawat awam dalam analisis data.",
        "រដ្ឋាភិបាលបណ្តុះបណ្តាលមន្ត្រីរាជការលើការវិភាគទិន្នន័យ។",
        "ລັດຖະບານຝຶກອົບຮົມພະນັກງານລັດດ້ານການວິເຄາະຂໍ້ມູນ.",
        "အစိုးရသည် နိုင်ငံ့ဝန်ထမ်းများကို ဒေတာခွဲခြမ်းစိတ်ဖြာမှု သင်တန်းပေးသည်။",
        "Sinasanay ng pamahalaan ang mga kawani ng gobyerno sa pagsusuri ng datos.",
    ),
    (
        "Villages are connected to the internet by fibre optic cable.",
        "村庄通过光纤接入互联网。",
        "Các làng được kết nối internet bằng cáp quang.",
        "หมู่บ้านเชื่อมต่ออินเทอร์เน็ตด้วยสายไฟเบอร์ออปติก",
        "Desa-desa terhubung ke internet dengan kabel serat optik.",
        "Kampung-kampung disambungkan ke internet dengan kabel gentian optik.",
        "ភូមិនានាត្រូវបានភ្ជាប់អ៊ីនធឺណិតតាមខ្សែកាបអុបទិក។",
        "ບັນດາໝູ່ບ້ານເຊື່ອມຕໍ່ອິນເຕີເນັດດ້ວຍສາຍໄຟເບີອອບຕິກ.",
        "ကျေးရွာများကို ဖိုက်ဘာကြိုးဖြင့် အင်တာနက်နှင့် ချိတ်ဆက်ထားသည်။",
        "Nakakonekta sa internet ang mga nayon sa pamamagitan ng fiber optic cable.",
    ),
    (
        "Tourists book hotels and tours through a mobile app.",
        "游客通过手机应用预订酒店和旅游。",
        "Du khách đặt khách sạn và tour qua ứng dụng di động.",
        "นักท่องเที่ยวจองโรงแรมและทัวร์ผ่านแอปมือถือ",
        "Wisatawan memesan hotel dan tur melalui aplikasi seluler.",
        "Pelancong menempah hotel dan lawatan melalui aplikasi mudah alih.",
        "ភ្ញៀវទេសចរកក់សណ្ឋាគារ និងដំណើរកម្សាន្តតាមរយៈកម្មវិធីទូរស័ព្ទ។",
        "ນັກທ່ອງທ່ຽວຈອງໂຮງແຮມ ແລະ ທົວຜ່ານແອັບມືຖື.",
        "ခရီးသွားများသည် မိုဘိုင်းအက်ပ်မှတစ်ဆင့် ဟိုတယ်နှင့် ခရီးစဉ်များကို ကြိုတင်မှာယူကြသည်။",
        "Nagbu-book ang mga turista ng hotel at tour gamit ang isang mobile app.",
    ),
    (
        "Artificial intelligence reads chest X-rays to help doctors.",
        "人工智能读取胸部X光片以帮助医生。",
        "Trí tuệ nhân tạo đọc phim X-quang ngực để hỗ trợ bác sĩ.",
        "ปัญญาประดิษฐ์อ่านภาพเอกซเรย์ทรวงอกเพื่อช่วยแพทย์",
        "Kecerdasan buatan membaca rontgen dada untuk membantu dokter.",
        "Kecerdasan buatan membaca X-ray dada untuk membantu doktor.",
        "បញ្ញាសិប្បនិម្មិតអានរូបភាពកាំរស្មីអ៊ិចទ្រូង ដើម្បីជួយវេជ្ជបណ្ឌិត។",
        "ປັນຍາປະດິດອ່ານຟິມເອັກສະເຣໜ້າເອິກເພື່ອຊ່ວຍທ່ານໝໍ.",
        "ဉာဏ်ရည်တုသည် ဆရာဝန်များကို ကူညီရန် ရင်ဘတ်ဓာတ်မှန်များကို ဖတ်ပေးသည်။",
        "Binabasa ng artificial intelligence ang mga X-ray ng dibdib upang tulungan ang mga doktor.",
    ),
    (
        "Customs documents are submitted online at a single window.",
        "海关单证通过单一窗口在线提交。",
        "Hồ sơ hải quan được nộp trực tuyến qua cơ chế một cửa.",
        "เอกสารศุลกากรยื่นออนไลน์ผ่านระบบหน้าต่างเดียว",
        "Dokumen kepabeanan diajukan secara daring melalui satu jendela.",
        "Dokumen kastam dihantar dalam talian melalui tetingkap tunggal.",
        "ឯកសារគយត្រូវបានដាក់ស្នើតាមអនឡាញតាមរយៈប្រព័ន្ធបញ្ជរតែមួយ។",
        "ເອກະສານພາສີຖືກຍື່ນອອນລາຍຜ່ານລະບົບປະຕູດຽວ.",
        "အကောက်ခွန်စာရွက်စာတမ်းများကို တစ်နေရာတည်းဝန်ဆောင်မှုစနစ်မှတစ်ဆင့် အွန်လိုင်းဖြင့် တင်သွင်းသည်။",
        "Isinusumite online ang mga dokumento sa customs sa pamamagitan ng iisang window.",
    ),
    (
        "Drones spray fertiliser over rice fields.",
        "无人机在稻田上喷洒肥料。",
        "Máy bay không người lái phun phân bón trên ruộng lúa.",
        "โดรนพ่นปุ๋ยบนนาข้าว",
        "Drone menyemprotkan pupuk di sawah.",
        "Dron menyembur baja di sawah padi.",
        "ដ្រូនបាញ់ជីលើវាលស្រែ។",
        "ໂດຣນສີດພົ່ນຝຸ່ນໃສ່ທົ່ງນາ.",
        "ဒရုန်းများသည် စပါးခင်းများပေါ်တွင် ဓာတ်မြေဩဇာ ဖြန်းကြသည်။",
        "Nag-i-spray ng pataba ang mga drone sa mga palayan.",
    ),
    (
        "Patients book hospital appointments on their phones.",
        "患者用手机预约医院挂号。",
        "Bệnh nhân đặt lịch khám bệnh viện trên điện thoại.",
        "ผู้ป่วยจองคิวโรงพยาบาลผ่านโทรศัพท์",
        "Pasien membuat janji di rumah sakit melalui ponsel.",
        "Pesakit membuat temu janji hospital melalui telefon.",
        "អ្នកជំងឺកក់ការណាត់ជួបនៅមន្ទីរពេទ្យតាមទូរស័ព្ទរបស់ពួកគេ។",
        "ຄົນເຈັບຈອງຄິວໂຮງໝໍຜ່ານໂທລະສັບຂອງເຂົາເຈົ້າ.",
        "လူနာများသည် ဆေးရုံချိန်းဆိုမှုများကို မိမိတို့ဖုန်းဖြင့် ကြိုတင်စာရင်းသွင်းကြသည်။",
        "Nagpapa-appointment ang mga pasyente sa ospital gamit ang kanilang telepono.",
    ),
    (
        "Street cameras count pedestrians to plan new crossings.",
        "街头摄像头统计行人数量以规划新的人行横道。",
        "Camera đường phố đếm người đi bộ để quy hoạch lối sang đường mới.",
        "กล้องริมถนนนับคนเดินเท้าเพื่อวางแผนทางม้าลายใหม่",
        "Kamera jalan menghitung pejalan kaki untuk merencanakan penyeberangan baru.",
        "Kamera jalan mengira pejalan kaki untuk merancang lintasan baharu.",
        "កាមេរ៉ាតាមផ្លូវរាប់អ្នកថ្មើរជើង ដើម្បីរៀបចំផែនការផ្លូវឆ្លងកាត់ថ្មី។",
        "ກ້ອງຕາມຖະໜົນນັບຄົນຍ່າງເພື່ອວາງແຜນທາງຂ້າມໃໝ່.",
        "လမ်းပေါ်ရှိ ကင်မရာများသည် လူကူးမျဉ်းကြားအသစ်များ စီစဉ်ရန် လမ်းလျှောက်သူများကို ရေတွက်သည်။",
        "Binibilang ng mga camera sa kalye ang mga naglalakad upang magplano ng mga bagong tawiran.",
    ),
    (
        "Small businesses learn to open an online shop.",
        "小企业学习开设网店。",
        "Doanh nghiệp nhỏ học cách mở cửa hàng trực tuyến.",
        "ธุรกิจขนาดเล็กเรียนรู้การเปิดร้านค้าออนไลน์",
        "Usaha kecil belajar membuka toko daring.",
        "Perniagaan kecil belajar membuka kedai dalam talian.",
        "អាជីវកម្មខ្នាតតូចរៀនបើកហាងអនឡាញ។",
        "ທຸລະກິດຂະໜາດນ້ອຍຮຽນຮູ້ການເປີດຮ້ານຄ້າອອນລາຍ.",
        "လုပ်ငန်းငယ်များသည် အွန်လိုင်းဆိုင် ဖွင့်နည်းကို သင်ယူကြသည်။",
        "Natututo ang maliliit na negosyo na magbukas ng online na tindahan.",
    ),
    (
        "Workers receive their wages in a digital wallet.",
        "工人通过数字钱包领取工资。",
        "Công nhân nhận lương vào ví điện tử.",
        "แรงงานได้รับค่าจ้างในกระเป๋าเงินดิจิทัล",
        "Pekerja menerima upah di dompet digital.",
        "Pekerja menerima gaji dalam dompet digital.",
        "កម្មករទទួលប្រាក់ឈ្នួលរបស់ពួកគេក្នុងកាបូបឌីជីថល។",
        "ຄົນງານໄດ້ຮັບຄ່າແຮງງານໃນກະເປົາເງິນດິຈິຕອນ.",
        "အလုပ်သမားများသည် လုပ်ခလစာကို ဒစ်ဂျစ်တယ်ပိုက်ဆံအိတ်ထဲသို့ ရရှိကြသည်။",
        "Tinatanggap ng mga manggagawa ang kanilang sahod sa isang digital wallet.",
    ),
    (
        "A dashboard shows hospital beds available in each province.",
        "仪表板显示各省可用的医院床位。",
        "Bảng điều khiển hiển thị số giường bệnh còn trống ở mỗi tỉnh.",
        "แดชบอร์ดแสดงจำนวนเตียงโรงพยาบาลที่ว่างในแต่ละจังหวัด",
        "Dasbor menampilkan tempat tidur rumah sakit yang tersedia di setiap provinsi.",
        "Papan pemuka menunjukkan katil hospital yang tersedia di setiap wilayah.",
        "ផ្ទាំងព័ត៌មានបង្ហាញគ្រែមន្ទីរពេទ្យដែលនៅទំនេរក្នុងខេត្តនីមួយៗ។",
        "ໜ້າຈໍສະຫຼຸບຂໍ້ມູນສະແດງຕຽງໂຮງໝໍທີ່ຫວ່າງຢູ່ໃນແຕ່ລະແຂວງ.",
        "ဒက်ရှ်ဘုတ်သည် ဒေသတစ်ခုစီရှိ အားနေသော ဆေးရုံကုတင်များကို ပြသသည်။",
        "Ipinapakita ng isang dashboard ang mga bakanteng kama sa ospital sa bawat lalawigan.",
    ),
    (
        "Teachers broadcast lessons on radio for children without internet.",
        "教师通过广播为没有网络的儿童授课。",
        "Giáo viên phát bài giảng trên đài cho trẻ em không có internet.",
        "ครูออกอากาศบทเรียนทางวิทยุสำหรับเด็กที่ไม่มีอินเทอร์เน็ต",
        "Guru menyiarkan pelajaran di radio untuk anak-anak tanpa internet.",
        "Guru menyiarkan pelajaran di radio untuk kanak-kanak tanpa internet.",
        "គ្រូបង្រៀនផ្សាយមេរៀនតាមវិទ្យុសម្រាប់កុមារដែលគ្មានអ៊ីនធឺណិត។",
        "ຄູອອກອາກາດບົດຮຽນທາງວິທະຍຸສຳລັບເດັກນ້ອຍທີ່ບໍ່ມີອິນເຕີເນັດ.",
        "ဆရာများသည် အင်တာနက်မရှိသော ကလေးများအတွက် ရေဒီယိုမှ သင်ခန်းစာများကို ထုတ်လွှင့်ကြသည်။",
        "Nagbo-broadcast ang mga guro ng mga aralin sa radyo para sa mga batang walang internet.",
    ),
    (
        "Electricity meters send readings automatically every hour.",
        "电表每小时自动发送读数。",
        "Công tơ điện tự động gửi chỉ số mỗi giờ.",
        "มิเตอร์ไฟฟ้าส่งค่าการใช้ไฟอัตโนมัติทุกชั่วโมง",
        "Meteran listrik mengirim angka pembacaan secara otomatis setiap jam.",
        "Meter elektrik menghantar bacaan secara automatik setiap jam.",
        "កុងទ័រអគ្គិសនីផ្ញើលេខប្រើប្រាស់ដោយស្វ័យប្រវត្តិរៀងរាល់ម៉ោង។",
        "ໝໍ້ນັບໄຟຟ້າສົ່ງຄ່າການໃຊ້ໄຟໂດຍອັດຕະໂນມັດທຸກຊົ່ວໂມງ.",
        "လျှပ်စစ်မီတာများသည် နာရီတိုင်း မီတာဖတ်ချက်များကို အလိုအလျောက် ပေးပို့သည်။",
        "Awtomatikong nagpapadala ng reading ang mga metro ng kuryente bawat oras.",
    ),
    (
        "The city collects rubbish based on sensors in the bins.",
        "城市根据垃圾桶中的传感器安排收运垃圾。",
        "Thành phố thu gom rác dựa trên cảm biến trong thùng rác.",
        "เมืองเก็บขยะตามข้อมูลจากเซนเซอร์ในถังขยะ",
        "Kota mengangkut sampah berdasarkan sensor di tempat sampah.",
        "Bandar mengutip sampah berdasarkan penderia dalam tong sampah.",
        "ទីក្រុងប្រមូលសំរាមដោយផ្អែកលើឧបករណ៍ចាប់សញ្ញានៅក្នុងធុងសំរាម។",
        "ເມືອງເກັບຂີ້ເຫຍື້ອໂດຍອີງໃສ່ເຊັນເຊີໃນຖັງຂີ້ເຫຍື້ອ.",
        "မြို့တော်သည် အမှိုက်ပုံးများရှိ အာရုံခံကိရိယာများအပေါ် အခြေခံ၍ အမှိုက်သိမ်းသည်။",
        "Nangongolekta ng basura ang lungsod batay sa mga sensor sa mga basurahan.",
    ),
    (
        "Online courses teach programming to young people.",
        "在线课程教年轻人编程。",
        "Các khóa học trực tuyến dạy lập trình cho thanh niên.",
        "หลักสูตรออนไลน์สอนการเขียนโปรแกรมให้คนรุ่นใหม่",
        "Kursus daring mengajarkan pemrograman kepada anak muda.",
        "Kursus dalam talian mengajar pengaturcaraan kepada golongan muda.",
        "វគ្គសិក្សាអនឡាញបង្រៀនការសរសេរកម្មវិធីដល់យុវជន។",
        "ຫຼັກສູດອອນລາຍສອນການຂຽນໂປຣແກຣມໃຫ້ແກ່ໄວໜຸ່ມ.",
        "အွန်လိုင်းသင်တန်းများသည် လူငယ်များကို ပရိုဂရမ်ရေးသားခြင်း သင်ကြားပေးသည်။",
        "Nagtuturo ng programming sa mga kabataan ang mga online na kurso.",
    ),
    (
        "Satellite images help estimate the rice harvest.",
        "卫星图像帮助估算水稻产量。",
        "Ảnh vệ tinh giúp ước tính sản lượng lúa.",
        "ภาพถ่ายดาวเทียมช่วยประเมินผลผลิตข้าว",
        "Citra satelit membantu memperkirakan panen padi.",
        "Imej satelit membantu menganggar hasil tuaian padi.",
        "រូបភាពផ្កាយរណបជួយប៉ាន់ស្មានទិន្នផលស្រូវ។",
        "ພາບຖ່າຍດາວທຽມຊ່ວຍຄາດຄະເນຜົນຜະລິດເຂົ້າ.",
        "ဂြိုဟ်တုဓာတ်ပုံများသည် စပါးအထွက်နှုန်းကို ခန့်မှန်းရန် ကူညီသည်။",
        "Nakatutulong ang mga larawan mula sa satellite sa pagtantya ng ani ng palay.",
    ),
    (
        "Banks check a customer's identity remotely by video.",
        "银行通过视频远程核实客户身份。",
        "Ngân hàng xác minh danh tính khách hàng từ xa qua video.",
        "ธนาคารยืนยันตัวตนลูกค้าจากระยะไกลผ่านวิดีโอ",
        "Bank memverifikasi identitas nasabah dari jarak jauh melalui video.",
        "Bank mengesahkan identiti pelanggan dari jauh melalui video.",
        "ធនាគារផ្ទៀងផ្ទាត់អត្តសញ្ញាណអតិថិជនពីចម្ងាយតាមវីដេអូ។",
        "ທະນາຄານກວດສອບຕົວຕົນຂອງລູກຄ້າຈາກທາງໄກຜ່ານວິດີໂອ.",
        "ဘဏ်များသည် ဖောက်သည်၏ အထောက်အထားကို ဗီဒီယိုဖြင့် အဝေးမှ စစ်ဆေးကြသည်။",
        "Sinusuri ng mga bangko ang pagkakakilanlan ng kliyente nang malayuan sa pamamagitan ng video.",
    ),
    (
        "Delivery riders bring groceries ordered online.",
        "外卖骑手配送网上订购的杂货。",
        "Người giao hàng mang thực phẩm được đặt trực tuyến đến.",
        "ไรเดอร์ส่งของชำที่สั่งทางออนไลน์",
        "Kurir mengantarkan belanjaan yang dipesan secara daring.",
        "Penghantar membawa barang runcit yang dipesan dalam talian.",
        "អ្នកដឹកជញ្ជូនយកម្ហូបអាហារដែលបានបញ្ជាទិញតាមអនឡាញមកជូនដល់ផ្ទះ។",
        "ຄົນສົ່ງເຄື່ອງນຳສິນຄ້າທີ່ສັ່ງຊື້ທາງອອນລາຍມາສົ່ງເຖິງບ້ານ.",
        "ပို့ဆောင်ရေးဝန်ထမ်းများသည် အွန်လိုင်းမှ မှာယူထားသော စားသောက်ကုန်များကို အိမ်အရောက် ပို့ဆောင်ပေးကြသည်။",
        "Inihahatid ng mga delivery rider ang mga grocery na inorder online.",
    ),
    (
        "Vaccination certificates are stored in a phone app.",
        "疫苗接种证明保存在手机应用中。",
        "Giấy chứng nhận tiêm chủng được lưu trong ứng dụng điện thoại.",
        "ใบรับรองการฉีดวัคซีนเก็บไว้ในแอปบนโทรศัพท์",
        "Sertifikat vaksinasi disimpan di aplikasi ponsel.",
        "Sijil vaksinasi disimpan dalam aplikasi telefon.",
        "វិញ្ញាបនបត្រចាក់វ៉ាក់សាំងត្រូវបានរក្សាទុកក្នុងកម្មវិធីទូរស័ព្ទ។",
        "ໃບຢັ້ງຢືນການສັກວັກຊີນຖືກເກັບໄວ້ໃນແອັບໂທລະສັບ.",
        "ကာကွယ်ဆေးထိုးထားကြောင်း လက်မှတ်များကို ဖုန်းအက်ပ်ထဲတွင် သိမ်းဆည်းထားသည်။",
        "Nakatago sa isang app sa telepono ang mga sertipiko ng bakuna.",
    ),
    (
        "Ports use software to plan the unloading of ships.",
        "港口使用软件规划船舶卸货。",
        "Cảng biển dùng phần mềm để lập kế hoạch dỡ hàng tàu.",
        "ท่าเรือใช้ซอฟต์แวร์วางแผนการขนถ่ายสินค้าจากเรือ",
        "Pelabuhan menggunakan perangkat lunak untuk merencanakan bongkar muat kapal.",
        "Pelabuhan menggunakan perisian untuk merancang pemunggahan kapal.",
        "កំពង់ផែប្រើកម្មវិធីកុំព្យូទ័រ ដើម្បីរៀបចំផែនការលើកដាក់ទំនិញពីកប៉ាល់។",
        "ທ່າເຮືອໃຊ້ຊອບແວເພື່ອວາງແຜນການຂົນຖ່າຍສິນຄ້າຈາກເຮືອ.",
        "ဆိပ်ကမ်းများသည် သင်္ဘောများမှ ကုန်ချခြင်းကို စီစဉ်ရန် ဆော့ဖ်ဝဲကို အသုံးပြုကြသည်။",
        "Gumagamit ang mga daungan ng software upang planuhin ang pagbababa ng kargamento mula sa mga barko.",
    ),
    (
        "Cooperatives share tractors through a booking platform.",
        "合作社通过预订平台共享拖拉机。",
        "Hợp tác xã dùng chung máy kéo qua nền tảng đặt lịch.",
        "สหกรณ์ใช้รถแทรกเตอร์ร่วมกันผ่านแพลตฟอร์มจอง",
        "Koperasi berbagi traktor melalui platform pemesanan.",
        "Koperasi berkongsi traktor melalui platform tempahan.",
        "សហករណ៍ប្រើប្រាស់ត្រាក់ទ័ររួមគ្នាតាមរយៈវេទិកាកក់។",
        "ສະຫະກອນໃຊ້ລົດໄຖນາຮ່ວມກັນຜ່ານແພລດຟອມຈອງ.",
        "သမဝါယမအသင်းများသည် ကြိုတင်စာရင်းသွင်းသည့် ပလက်ဖောင်းမှတစ်ဆင့် ထွန်စက်များကို မျှဝေသုံးစွဲကြသည်။",
        "Naghahati-hati ang mga kooperatiba sa paggamit ng mga traktora sa pamamagitan ng isang booking platform.",
    ),
    (
        "Citizens report potholes with a photo from their phone.",
        "市民用手机拍照上报路面坑洼。",
        "Người dân báo ổ gà bằng ảnh chụp từ điện thoại.",
        "ประชาชนแจ้งหลุมบนถนนด้วยรูปถ่ายจากโทรศัพท์",
        "Warga melaporkan jalan berlubang dengan foto dari ponsel.",
        "Rakyat melaporkan jalan berlubang dengan gambar dari telefon.",
        "ប្រជាពលរដ្ឋរាយការណ៍អំពីរណ្តៅលើផ្លូវ ដោយប្រើរូបថតពីទូរស័ព្ទរបស់ពួកគេ។",
        "ປະຊາຊົນລາຍງານຂຸມເທິງຖະໜົນດ້ວຍຮູບຖ່າຍຈາກໂທລະສັບ.",
        "ပြည်သူများသည် လမ်းပေါ်ရှိ ချိုင့်ခွက်များကို ဖုန်းဖြင့် ရိုက်ထားသော ဓာတ်ပုံဖြင့် တိုင်ကြားကြသည်။",
        "Iniuulat ng mga mamamayan ang mga lubak sa kalsada gamit ang larawan mula sa kanilang telepono.",
    ),
    (
        "A chatbot answers questions about tax in several languages.",
        "聊天机器人用多种语言回答税务问题。",
        "Chatbot trả lời câu hỏi về thuế bằng nhiều ngôn ngữ.",
        "แชตบอตตอบคำถามเรื่องภาษีได้หลายภาษา",
        "Chatbot menjawab pertanyaan tentang pajak dalam beberapa bahasa.",
        "Chatbot menjawab soalan tentang cukai dalam beberapa bahasa.",
        "ឆាតបូតឆ្លើយសំណួរអំពីពន្ធជាច្រើនភាសា។",
        "ແຊັດບອດຕອບຄຳຖາມກ່ຽວກັບພາສີໄດ້ຫຼາຍພາສາ.",
        "ချက်ဘော့သည် အခွန်ဆိုင်ရာ မေးခွန်းများကို ဘာသာစကားအများအပြားဖြင့် ဖြေကြားပေးသည်။",
        "Sumasagot ang isang chatbot sa mga tanong tungkol sa buwis sa iba't ibang wika.",
    ),
    (
        "Weather stations send rainfall data to farmers.",
        "气象站向农民发送降雨数据。",
        "Trạm thời tiết gửi dữ liệu lượng mưa cho nông dân.",
        "สถานีตรวจอากาศส่งข้อมูลปริมาณฝนให้เกษตรกร",
        "Stasiun cuaca mengirim data curah hujan kepada petani.",
        "Stesen cuaca menghantar data hujan kepada petani.",
        "ស្ថានីយអាកាសធាតុផ្ញើទិន្នន័យបរិមាណទឹកភ្លៀងទៅកសិករ។",
        "ສະຖານີອຸຕຸນິຍົມສົ່ງຂໍ້ມູນປະລິມານນ້ຳຝົນໃຫ້ຊາວກະສິກອນ.",
        "မိုးလေဝသစခန်းများသည် မိုးရေချိန်ဒေတာများကို တောင်သူများထံ ပေးပို့သည်။",
        "Nagpapadala ang mga istasyon ng panahon ng datos tungkol sa ulan sa mga magsasaka.",
    ),
    (
        "Pharmacies check prescriptions in a shared electronic system.",
        "药店在共享电子系统中核对处方。",
        "Nhà thuốc kiểm tra đơn thuốc trong hệ thống điện tử dùng chung.",
        "ร้านขายยาตรวจสอบใบสั่งยาในระบบอิเล็กทรอนิกส์ที่ใช้ร่วมกัน",
        "Apotek memeriksa resep dalam sistem elektronik bersama.",
        "Farmasi menyemak preskripsi dalam sistem elektronik bersama.",
        "ឱសថស្ថានពិនិត្យវេជ្ជបញ្ជាក្នុងប្រព័ន្ធអេឡិចត្រូនិករួម។",
        "ຮ້ານຂາຍຢາກວດສອບໃບສັ່ງຢາໃນລະບົບອີເລັກໂທຣນິກທີ່ໃຊ້ຮ່ວມກັນ.",
        "ဆေးဆိုင်များသည် ဆေးညွှန်းများကို မျှဝေသုံးစွဲသော အီလက်ထရောနစ်စနစ်တွင် စစ်ဆေးကြသည်။",
        "Sinusuri ng mga botika ang mga reseta sa isang pinagsasaluhang elektronikong sistema.",
    ),
    (
        "Passengers pay the metro fare with a contactless card.",
        "乘客用非接触卡支付地铁票价。",
        "Hành khách trả tiền tàu điện bằng thẻ không tiếp xúc.",
        "ผู้โดยสารจ่ายค่ารถไฟฟ้าด้วยบัตรแบบไร้สัมผัส",
        "Penumpang membayar tarif kereta dengan kartu nirsentuh.",
        "Penumpang membayar tambang metro dengan kad tanpa sentuh.",
        "អ្នកដំណើរបង់ថ្លៃរថភ្លើងក្នុងទីក្រុងដោយប្រើកាតដែលមិនចាំបាច់ប៉ះ។",
        "ຜູ້ໂດຍສານຈ່າຍຄ່າລົດໄຟໃນເມືອງດ້ວຍບັດແບບບໍ່ຕ້ອງສຳຜັດ.",
        "ခရီးသည်များသည် မထိတွေ့ဘဲ အသုံးပြုနိုင်သော ကတ်ဖြင့် မက်ထရိုရထားခ ပေးချေကြသည်။",
        "Nagbabayad ng pamasahe sa metro ang mga pasahero gamit ang contactless card.",
    ),
    (
        "Land records are kept in a digital registry.",
        "土地档案保存在数字登记系统中。",
        "Hồ sơ đất đai được lưu trong sổ đăng ký điện tử.",
        "ข้อมูลที่ดินถูกเก็บในทะเบียนดิจิทัล",
        "Catatan tanah disimpan dalam registri digital.",
        "Rekod tanah disimpan dalam daftar digital.",
        "ឯកសារដីធ្លីត្រូវបានរក្សាទុកក្នុងបញ្ជីចុះឈ្មោះឌីជីថល។",
        "ຂໍ້ມູນທີ່ດິນຖືກເກັບໄວ້ໃນທະບຽນດິຈິຕອນ.",
        "မြေယာမှတ်တမ်းများကို ဒစ်ဂျစ်တယ်မှတ်ပုံတင်စနစ်တွင် သိမ်းဆည်းထားသည်။",
        "Nakatala ang mga rekord ng lupa sa isang digital na rehistro.",
    ),
    (
        "Young entrepreneurs receive mentoring through video meetings.",
        "青年创业者通过视频会议接受辅导。",
        "Doanh nhân trẻ được cố vấn qua các cuộc họp video.",
        "ผู้ประกอบการรุ่นใหม่ได้รับคำปรึกษาผ่านการประชุมทางวิดีโอ",
        "Pengusaha muda menerima pendampingan melalui rapat video.",
        "Usahawan muda menerima bimbingan melalui mesyuarat video.",
        "សហគ្រិនវ័យក្មេងទទួលបានការណែនាំតាមរយៈកិច្ចប្រជុំតាមវីដេអូ។",
        "ຜູ້ປະກອບການໄວໜຸ່ມໄດ້ຮັບຄຳແນະນຳຜ່ານກອງປະຊຸມທາງວິດີໂອ.",
        "လူငယ်စွန့်ဦးတီထွင်သူများသည် ဗီဒီယိုအစည်းအဝေးများမှတစ်ဆင့် လမ်းညွှန်မှု ရယူကြသည်။",
        "Tumatanggap ng paggabay ang mga batang negosyante sa pamamagitan ng mga video meeting.",
    ),
    (
        "Hospitals share patient records securely with each other.",
        "医院之间安全地共享病历。",
        "Các bệnh viện chia sẻ hồ sơ bệnh nhân với nhau một cách an toàn.",
        "โรงพยาบาลแบ่งปันเวชระเบียนผู้ป่วยระหว่างกันอย่างปลอดภัย",
        "Rumah sakit berbagi rekam medis pasien satu sama lain dengan aman.",
        "Hospital berkongsi rekod pesakit antara satu sama lain dengan selamat.",
        "មន្ទីរពេទ្យចែករំលែកកំណត់ត្រាអ្នកជំងឺគ្នាទៅវិញទៅមកដោយសុវត្ថិភាព។",
        "ໂຮງໝໍແບ່ງປັນຂໍ້ມູນຄົນເຈັບລະຫວ່າງກັນຢ່າງປອດໄພ.",
        "ဆေးရုံများသည် လူနာမှတ်တမ်းများကို အချင်းချင်း လုံခြုံစွာ မျှဝေကြသည်။",
        "Ligtas na nagbabahagi ng mga rekord ng pasyente ang mga ospital sa isa't isa.",
    ),
    (
        "Water levels in rivers are monitored to warn of floods.",
        "监测河流水位以预警洪水。",
        "Mực nước sông được giám sát để cảnh báo lũ lụt.",
        "ตรวจวัดระดับน้ำในแม่น้ำเพื่อเตือนภัยน้ำท่วม",
        "Ketinggian air sungai dipantau untuk memperingatkan banjir.",
        "Paras air sungai dipantau untuk memberi amaran banjir.",
        "កម្រិតទឹកទន្លេត្រូវបានតាមដាន ដើម្បីព្រមានអំពីទឹកជំនន់។",
        "ລະດັບນ້ຳໃນແມ່ນ້ຳຖືກຕິດຕາມເພື່ອເຕືອນໄພນ້ຳຖ້ວມ.",
        "ရေကြီးမှုကို ကြိုတင်သတိပေးရန် မြစ်ရေမျက်နှာပြင်အမြင့်ကို စောင့်ကြည့်သည်။",
        "Binabantayan ang taas ng tubig sa mga ilog upang magbigay-babala sa baha.",
    ),
    (
        "Shoppers compare prices of rice in different markets online.",
        "购物者在网上比较不同市场的大米价格。",
        "Người mua so sánh giá gạo ở các chợ khác nhau trên mạng.",
        "ผู้ซื้อเปรียบเทียบราคาข้าวในตลาดต่างๆ ทางออนไลน์",
        "Pembeli membandingkan harga beras di berbagai pasar secara daring.",
        "Pembeli membandingkan harga beras di pasar yang berbeza dalam talian.",
        "អ្នកទិញប្រៀបធៀបតម្លៃអង្ករនៅផ្សារផ្សេងៗតាមអនឡាញ។",
        "ຜູ້ຊື້ປຽບທຽບລາຄາເຂົ້າສານໃນຕະຫຼາດຕ່າງໆທາງອອນລາຍ.",
        "ဝယ်သူများသည် ဈေးအမျိုးမျိုးရှိ ဆန်ဈေးနှုန်းများကို အွန်လိုင်းတွင် နှိုင်းယှဉ်ကြသည်။",
        "Inihahambing online ng mga mamimili ang presyo ng bigas sa iba't ibang palengke.",
    ),
    (
        "Elderly people learn to use smartphones at community centres.",
        "老年人在社区中心学习使用智能手机。",
        "Người cao tuổi học sử dụng điện thoại thông minh tại trung tâm cộng đồng.",
        "ผู้สูงอายุเรียนใช้สมาร์ตโฟนที่ศูนย์ชุมชน",
        "Lansia belajar menggunakan ponsel pintar di pusat komunitas.",
        "Warga emas belajar menggunakan telefon pintar di pusat komuniti.",
        "មនុស្សចាស់រៀនប្រើស្មាតហ្វូននៅមជ្ឈមណ្ឌលសហគមន៍។",
        "ຜູ້ສູງອາຍຸຮຽນໃຊ້ໂທລະສັບສະມາດໂຟນຢູ່ສູນຊຸມຊົນ.",
        "သက်ကြီးရွယ်အိုများသည် ရပ်ရွာစင်တာများတွင် စမတ်ဖုန်း အသုံးပြုနည်းကို သင်ယူကြသည်။",
        "Natututong gumamit ng smartphone ang mga nakatatanda sa mga community center.",
    ),
    (
        "Trucks carrying vaccines are kept cold and tracked by GPS.",
        "运送疫苗的卡车保持冷藏并由GPS跟踪。",
        "Xe tải chở vắc xin được giữ lạnh và theo dõi bằng GPS.",
        "รถบรรทุกวัคซีนถูกควบคุมความเย็นและติดตามด้วย GPS",
        "Truk pengangkut vaksin dijaga tetap dingin dan dilacak dengan GPS.",
        "Lori yang membawa vaksin dikekalkan sejuk dan dijejaki dengan GPS.",
        "រថយន្តដឹកវ៉ាក់សាំងត្រូវបានរក្សាឱ្យត្រជាក់ និងតាមដានដោយ GPS។",
        "ລົດບັນທຸກທີ່ຂົນສົ່ງວັກຊີນຖືກຮັກສາຄວາມເຢັນ ແລະ ຕິດຕາມດ້ວຍ GPS.",
        "ကာကွယ်ဆေးတင်ဆောင်သော ထရပ်ကားများကို အအေးပေးထားပြီး GPS ဖြင့် ခြေရာခံသည်။",
        "Pinananatiling malamig at sinusubaybayan sa GPS ang mga trak na may dalang bakuna.",
    ),
    (
        "Job seekers find vacancies on a national employment portal.",
        "求职者在国家就业门户网站上寻找职位。",
        "Người tìm việc tìm việc làm trên cổng thông tin việc làm quốc gia.",
        "ผู้หางานค้นหาตำแหน่งว่างบนพอร์ทัลการจ้างงานแห่งชาติ",
        "Pencari kerja menemukan lowongan di portal ketenagakerjaan nasional.",
        "Pencari kerja mencari kekosongan di portal pekerjaan kebangsaan.",
        "អ្នកស្វែងរកការងាររកមុខតំណែងទំនេរនៅលើវិបផតថលការងារជាតិ។",
        "ຜູ້ຊອກວຽກຊອກຫາຕຳແໜ່ງງານຫວ່າງຢູ່ເທິງເວັບໄຊການຈ້າງງານແຫ່ງຊາດ.",
        "အလုပ်ရှာသူများသည် အမျိုးသားအလုပ်အကိုင်ပေါ်တယ်တွင် လစ်လပ်သောရာထူးများကို ရှာဖွေကြသည်။",
        "Nakahahanap ng bakanteng trabaho ang mga naghahanap ng trabaho sa isang pambansang portal ng empleo.",
    ),
    (
        "A cyber security team protects government websites from attacks.",
        "网络安全团队保护政府网站免受攻击。",
        "Đội an ninh mạng bảo vệ các trang web chính phủ khỏi tấn công.",
        "ทีมความมั่นคงปลอดภัยไซเบอร์ปกป้องเว็บไซต์ภาครัฐจากการโจมตี",
        "Tim keamanan siber melindungi situs web pemerintah dari serangan.",
        "Pasukan keselamatan siber melindungi laman web kerajaan daripada serangan.",
        "ក្រុមសន្តិសុខសាយប័រការពារគេហទំព័ររដ្ឋាភិបាលពីការវាយប្រហារ។",
        "ທີມຄວາມປອດໄພທາງໄຊເບີປົກປ້ອງເວັບໄຊຂອງລັດຖະບານຈາກການໂຈມຕີ.",
        "ဆိုက်ဘာလုံခြုံရေးအဖွဲ့သည် အစိုးရဝဘ်ဆိုက်များကို တိုက်ခိုက်မှုများမှ ကာကွယ်သည်။",
        "Pinoprotektahan ng isang pangkat sa cyber security ang mga website ng pamahalaan laban sa mga pag-atake.",
    ),
    (
        "Parking spaces are found and paid for with an app.",
        "通过应用查找并支付停车位。",
        "Chỗ đỗ xe được tìm và thanh toán bằng ứng dụng.",
        "หาที่จอดรถและจ่ายค่าจอดด้วยแอป",
        "Tempat parkir ditemukan dan dibayar dengan aplikasi.",
        "Tempat letak kereta dicari dan dibayar dengan aplikasi.",
        "កន្លែងចតរថយន្តត្រូវបានស្វែងរក និងបង់ប្រាក់តាមកម្មវិធីទូរស័ព្ទ។",
        "ຊອກຫາບ່ອນຈອດລົດ ແລະ ຈ່າຍຄ່າຈອດດ້ວຍແອັບ.",
        "ကားရပ်နားရန်နေရာများကို အက်ပ်ဖြင့် ရှာဖွေပြီး ငွေပေးချေသည်။",
        "Hinahanap at binabayaran ang paradahan gamit ang isang app.",
    ),
    (
        "Handicrafts from rural women are sold on an export platform.",
        "农村妇女的手工艺品在出口平台上销售。",
        "Hàng thủ công của phụ nữ nông thôn được bán trên nền tảng xuất khẩu.",
        "งานหัตถกรรมของผู้หญิงในชนบทขายบนแพลตฟอร์มส่งออก",
        "Kerajinan tangan perempuan desa dijual di platform ekspor.",
        "Kraf tangan wanita luar bandar dijual di platform eksport.",
        "សិប្បកម្មរបស់ស្ត្រីនៅជនបទត្រូវបានលក់នៅលើវេទិកានាំចេញ។",
        "ຫັດຖະກຳຂອງແມ່ຍິງຊົນນະບົດຖືກຂາຍຢູ່ເທິງແພລດຟອມສົ່ງອອກ.",
        "ကျေးလက်အမျိုးသမီးများ၏ လက်မှုပစ္စည်းများကို ပို့ကုန်ပလက်ဖောင်းတွင် ရောင်းချသည်။",
        "Ibinebenta sa isang export platform ang mga handicraft ng kababaihan sa kanayunan.",
    ),
    (
        "Air quality sensors publish pollution levels every hour.",
        "空气质量传感器每小时发布污染水平。",
        "Cảm biến chất lượng không khí công bố mức ô nhiễm mỗi giờ.",
        "เซนเซอร์คุณภาพอากาศเผยแพร่ระดับมลพิษทุกชั่วโมง",
        "Sensor kualitas udara menerbitkan tingkat polusi setiap jam.",
        "Penderia kualiti udara menerbitkan tahap pencemaran setiap jam.",
        "ឧបករណ៍ចាប់សញ្ញាគុណភាពខ្យល់ផ្សព្វផ្សាយកម្រិតបំពុលរៀងរាល់ម៉ោង។",
        "ເຊັນເຊີວັດຄຸນນະພາບອາກາດເຜີຍແຜ່ລະດັບມົນລະພິດທຸກຊົ່ວໂມງ.",
        "လေထုအရည်အသွေး အာရုံခံကိရိယာများသည် လေထုညစ်ညမ်းမှုအဆင့်ကို နာရီတိုင်း ထုတ်ပြန်သည်။",
        "Inilalathala ng mga sensor ng kalidad ng hangin ang antas ng polusyon bawat oras.",
    ),
]


@functools.cache
def directions() -> np.ndarray:
    """The shipped language directions (orthonormal rows); none if the file is missing or was
    computed with another model than the one in use, in which case texts are compared as the
    model encodes them."""
    from cadec.exchange import embeddings

    try:
        with np.load(DIRECTIONS_FILE) as data:
            if str(data["model"]) == embeddings.MODEL_NAME:
                return np.ascontiguousarray(data["directions"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        pass
    return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)


def without_language(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` (one, or one per row) with the language directions projected out,
    L2-normalised."""
    basis = directions()
    neutral = vectors - (vectors @ basis.T) @ basis
    norms = np.linalg.norm(neutral, axis=-1, keepdims=True)
    return neutral / np.where(norms > 0, norms, 1.0)


def directions_from(passages: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """An orthonormal basis (one row each) of the span of the languages' mean vectors.

    ``passages`` and ``queries`` are (tuples, languages, dimensions): the set embedded as
    passages and as queries.
    """
    means = np.concatenate([passages.mean(axis=0), queries.mean(axis=0)]).astype(np.float64)
    _u, singular, rows = np.linalg.svd(means, full_matrices=False)
    rank = int((singular > singular[0] * 1e-6).sum())
    return rows[:rank].astype(np.float32)


def embed_set(rows: list[tuple[str, ...]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The parallel set (or ``rows`` of it) embedded as passages and as queries."""
    from cadec.exchange import embeddings

    rows = rows if rows is not None else list(PARALLEL)
    sentences = [sentence for row in rows for sentence in row]
    shape = (len(rows), len(LANGUAGES), embeddings.DIMENSIONS)
    passages = embeddings.embed_passages(sentences).reshape(shape)
    queries = np.asarray(embeddings.model().query(sentences), dtype=np.float32).reshape(shape)
    return passages, queries


def main() -> int:
    """Recompute the language directions from the parallel set and write them beside this file."""
    from cadec.exchange import embeddings

    passages, queries = embed_set()
    directions = directions_from(passages, queries)
    np.savez(DIRECTIONS_FILE, directions=directions, model=np.array(embeddings.MODEL_NAME))
    print(f"{DIRECTIONS_FILE.name}: {len(directions)} directions of {embeddings.MODEL_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
