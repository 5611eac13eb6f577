"""Benchmark: hybrid search over N synthetic practices (budgets: keyword p95 ≤ 20 ms, hybrid p95
≤ 80 ms at 100k) and cross-lingual retrieval quality on a parallel set.

    uv run python benchmarks/search.py [--n 100000] [--queries 200]

It works in a temporary directory of its own: a fresh SQLite database (WAL, as configured) with
the reference configuration. It embeds the parallel set below (51 sentence tuples in English,
Chinese, Vietnamese, Thai, Indonesian and Malay, written for this benchmark) with the real model,
then writes N published practices whose titles and summaries are sentences of that set, in the
six languages, and whose vectors are the real embeddings of those sentences plus a little noise
(embedding 100k texts takes the model about an hour on 2 cores; the embedding throughput is
measured and printed instead). It times the keyword index build (FTS5 trigram), keyword queries
(3+ characters through FTS5; 1–2 characters through the instr() scan), hybrid queries through
``search_practices`` (the query's embedding included), and prints recall@1 and recall@10 per
query language: a query in one language against the tuples in the five others.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "zh-hans", "vi", "th", "id", "ms")
COUNTRIES = {"en": "SGP", "zh-hans": "CHN", "vi": "VNM", "th": "THA", "id": "IDN", "ms": "MYS"}
KEYWORD_QUERIES = [
    "mobile phone",
    "hospital",
    "手机收到",
    "视频通话",
    "điện thoại",
    "bệnh viện",
    "โทรศัพท์มือถือ",
    "โรงพยาบาล",
    "pembayaran",
    "rumah sakit",
    "telefon bimbit",
    "digital",
]
SHORT_QUERIES = ["医院", "手机", "ผัก", "ข้า", "QR", "GPS"]
HYBRID_QUERIES = [
    "การชำระเงินผ่านมือถือสำหรับเกษตรกร",
    "远程医疗",
    "truy vết tiếp xúc",
    "lampu isyarat pintar",
    "digital identity for citizens",
    "pembelajaran daring",
    "网上开店培训",
    "cảm biến nhà máy",
    "ประชาชนเข้าสู่บริการภาครัฐ",
    "dompet digital pekerja",
    "flood warning river",
    "无人机 稻田",
]

# The parallel set: (English, Chinese, Vietnamese, Thai, Indonesian, Malay)
PARALLEL = [
    (
        "Farmers receive payment for their crops on a mobile phone.",
        "农民通过手机收到农作物的货款。",
        "Nông dân nhận tiền bán nông sản qua điện thoại di động.",
        "เกษตรกรได้รับเงินค่าพืชผลผ่านโทรศัพท์มือถือ",
        "Petani menerima pembayaran hasil panen melalui ponsel.",
        "Petani menerima bayaran hasil tanaman melalui telefon bimbit.",
    ),
    (
        "Doctors in the city examine village patients by video call.",
        "城市医生通过视频通话为乡村患者看病。",
        "Bác sĩ ở thành phố khám cho bệnh nhân ở làng qua cuộc gọi video.",
        "แพทย์ในเมืองตรวจผู้ป่วยในหมู่บ้านผ่านวิดีโอคอล",
        "Dokter di kota memeriksa pasien desa melalui panggilan video.",
        "Doktor di bandar memeriksa pesakit kampung melalui panggilan video.",
    ),
    (
        "The app warns users who were close to an infected person.",
        "该应用会提醒曾与感染者密切接触的用户。",
        "Ứng dụng cảnh báo người dùng đã tiếp xúc gần với người nhiễm bệnh.",
        "แอปแจ้งเตือนผู้ใช้ที่เคยอยู่ใกล้ผู้ติดเชื้อ",
        "Aplikasi memperingatkan pengguna yang pernah dekat dengan orang yang terinfeksi.",
        "Aplikasi memberi amaran kepada pengguna yang pernah rapat dengan orang yang dijangkiti.",
    ),
    (
        "Traffic lights change their timing according to the number of cars.",
        "红绿灯根据车辆数量调整时长。",
        "Đèn giao thông thay đổi thời gian theo số lượng xe.",
        "สัญญาณไฟจราจรปรับเวลาตามจำนวนรถ",
        "Lampu lalu lintas mengubah waktunya sesuai jumlah mobil.",
        "Lampu isyarat mengubah masanya mengikut bilangan kereta.",
    ),
    (
        "Citizens sign in to public services with one digital identity.",
        "公民使用一个数字身份登录公共服务。",
        "Công dân đăng nhập các dịch vụ công bằng một danh tính số.",
        "ประชาชนเข้าสู่บริการภาครัฐด้วยตัวตนดิจิทัลเดียว",
        "Warga masuk ke layanan publik dengan satu identitas digital.",
        "Rakyat log masuk ke perkhidmatan awam dengan satu identiti digital.",
    ),
    (
        "Students follow lessons online when schools are closed.",
        "学校停课时学生在网上上课。",
        "Học sinh học trực tuyến khi trường học đóng cửa.",
        "นักเรียนเรียนออนไลน์เมื่อโรงเรียนปิด",
        "Siswa mengikuti pelajaran daring saat sekolah ditutup.",
        "Pelajar mengikuti pelajaran dalam talian apabila sekolah ditutup.",
    ),
    (
        "Small shops accept payment by scanning a QR code.",
        "小商店通过扫描二维码收款。",
        "Cửa hàng nhỏ nhận thanh toán bằng cách quét mã QR.",
        "ร้านค้าเล็กรับชำระเงินด้วยการสแกนคิวอาร์โค้ด",
        "Toko kecil menerima pembayaran dengan memindai kode QR.",
        "Kedai kecil menerima bayaran dengan mengimbas kod QR.",
    ),
    (
        "Medical equipment is tracked from the warehouse to the hospital.",
        "医疗设备从仓库到医院全程跟踪。",
        "Thiết bị y tế được theo dõi từ kho đến bệnh viện.",
        "อุปกรณ์การแพทย์ถูกติดตามตั้งแต่คลังสินค้าถึงโรงพยาบาล",
        "Peralatan medis dilacak dari gudang sampai ke rumah sakit.",
        "Peralatan perubatan dijejaki dari gudang hingga ke hospital.",
    ),
    (
        "Farmers sell vegetables directly to buyers on a website.",
        "农民在网站上直接向买家出售蔬菜。",
        "Nông dân bán rau trực tiếp cho người mua trên trang web.",
        "เกษตรกรขายผักให้ผู้ซื้อโดยตรงบนเว็บไซต์",
        "Petani menjual sayuran langsung kepada pembeli di situs web.",
        "Petani menjual sayur terus kepada pembeli di laman web.",
    ),
    (
        "Sensors predict when a factory machine needs repair.",
        "传感器预测工厂机器何时需要维修。",
        "Cảm biến dự đoán khi nào máy móc trong nhà máy cần sửa chữa.",
        "เซนเซอร์คาดการณ์ว่าเครื่องจักรในโรงงานต้องซ่อมเมื่อใด",
        "Sensor memprediksi kapan mesin pabrik perlu diperbaiki.",
        "Penderia meramalkan bila mesin kilang perlu dibaiki.",
    ),
    (
        "Bus arrival times are published as open data.",
        "公交车到站时间作为开放数据发布。",
        "Thời gian xe buýt đến được công bố dưới dạng dữ liệu mở.",
        "เวลารถเมล์มาถึงถูกเผยแพร่เป็นข้อมูลเปิด",
        "Waktu kedatangan bus dipublikasikan sebagai data terbuka.",
        "Waktu ketibaan bas diterbitkan sebagai data terbuka.",
    ),
    (
        "Fishermen receive storm warnings by text message.",
        "渔民通过短信收到风暴预警。",
        "Ngư dân nhận cảnh báo bão qua tin nhắn.",
        "ชาวประมงได้รับคำเตือนพายุทางข้อความ",
        "Nelayan menerima peringatan badai melalui pesan singkat.",
        "Nelayan menerima amaran ribut melalui mesej teks.",
    ),
    (
        "Companies send electronic invoices instead of paper ones.",
        "企业发送电子发票而不是纸质发票。",
        "Doanh nghiệp gửi hóa đơn điện tử thay cho hóa đơn giấy.",
        "บริษัทส่งใบแจ้งหนี้อิเล็กทรอนิกส์แทนกระดาษ",
        "Perusahaan mengirim faktur elektronik sebagai pengganti kertas.",
        "Syarikat menghantar invois elektronik dan bukan kertas.",
    ),
    (
        "The government trains civil servants in data analysis.",
        "政府培训公务员进行数据分析。",
        "Chính phủ đào tạo công chức về phân tích dữ liệu.",
        "รัฐบาลอบรมข้าราชการด้านการวิเคราะห์ข้อมูล",
        "Pemerintah melatih pegawai negeri dalam analisis data.",
        "Kerajaan melatih penjawat awam dalam analisis data.",
    ),
    (
        "Villages are connected to the internet by fibre optic cable.",
        "村庄通过光纤接入互联网。",
        "Các làng được kết nối internet bằng cáp quang.",
        "หมู่บ้านเชื่อมต่ออินเทอร์เน็ตด้วยสายไฟเบอร์ออปติก",
        "Desa-desa terhubung ke internet dengan kabel serat optik.",
        "Kampung-kampung disambungkan ke internet dengan kabel gentian optik.",
    ),
    (
        "Tourists book hotels and tours through a mobile app.",
        "游客通过手机应用预订酒店和旅游。",
        "Du khách đặt khách sạn và tour qua ứng dụng di động.",
        "นักท่องเที่ยวจองโรงแรมและทัวร์ผ่านแอปมือถือ",
        "Wisatawan memesan hotel dan tur melalui aplikasi seluler.",
        "Pelancong menempah hotel dan lawatan melalui aplikasi mudah alih.",
    ),
    (
        "Artificial intelligence reads chest X-rays to help doctors.",
        "人工智能读取胸部X光片以帮助医生。",
        "Trí tuệ nhân tạo đọc phim X-quang ngực để hỗ trợ bác sĩ.",
        "ปัญญาประดิษฐ์อ่านภาพเอกซเรย์ทรวงอกเพื่อช่วยแพทย์",
        "Kecerdasan buatan membaca rontgen dada untuk membantu dokter.",
        "Kecerdasan buatan membaca X-ray dada untuk membantu doktor.",
    ),
    (
        "Customs documents are submitted online at a single window.",
        "海关单证通过单一窗口在线提交。",
        "Hồ sơ hải quan được nộp trực tuyến qua cơ chế một cửa.",
        "เอกสารศุลกากรยื่นออนไลน์ผ่านระบบหน้าต่างเดียว",
        "Dokumen kepabeanan diajukan secara daring melalui satu jendela.",
        "Dokumen kastam dihantar dalam talian melalui tetingkap tunggal.",
    ),
    (
        "Drones spray fertiliser over rice fields.",
        "无人机在稻田上喷洒肥料。",
        "Máy bay không người lái phun phân bón trên ruộng lúa.",
        "โดรนพ่นปุ๋ยบนนาข้าว",
        "Drone menyemprotkan pupuk di sawah.",
        "Dron menyembur baja di sawah padi.",
    ),
    (
        "Patients book hospital appointments on their phones.",
        "患者用手机预约医院挂号。",
        "Bệnh nhân đặt lịch khám bệnh viện trên điện thoại.",
        "ผู้ป่วยจองคิวโรงพยาบาลผ่านโทรศัพท์",
        "Pasien membuat janji di rumah sakit melalui ponsel.",
        "Pesakit membuat temu janji hospital melalui telefon.",
    ),
    (
        "Street cameras count pedestrians to plan new crossings.",
        "街头摄像头统计行人数量以规划新的人行横道。",
        "Camera đường phố đếm người đi bộ để quy hoạch lối sang đường mới.",
        "กล้องริมถนนนับคนเดินเท้าเพื่อวางแผนทางม้าลายใหม่",
        "Kamera jalan menghitung pejalan kaki untuk merencanakan penyeberangan baru.",
        "Kamera jalan mengira pejalan kaki untuk merancang lintasan baharu.",
    ),
    (
        "Small businesses learn to open an online shop.",
        "小企业学习开设网店。",
        "Doanh nghiệp nhỏ học cách mở cửa hàng trực tuyến.",
        "ธุรกิจขนาดเล็กเรียนรู้การเปิดร้านค้าออนไลน์",
        "Usaha kecil belajar membuka toko daring.",
        "Perniagaan kecil belajar membuka kedai dalam talian.",
    ),
    (
        "Workers receive their wages in a digital wallet.",
        "工人通过数字钱包领取工资。",
        "Công nhân nhận lương vào ví điện tử.",
        "แรงงานได้รับค่าจ้างในกระเป๋าเงินดิจิทัล",
        "Pekerja menerima upah di dompet digital.",
        "Pekerja menerima gaji dalam dompet digital.",
    ),
    (
        "A dashboard shows hospital beds available in each province.",
        "仪表板显示各省可用的医院床位。",
        "Bảng điều khiển hiển thị số giường bệnh còn trống ở mỗi tỉnh.",
        "แดชบอร์ดแสดงจำนวนเตียงโรงพยาบาลที่ว่างในแต่ละจังหวัด",
        "Dasbor menampilkan tempat tidur rumah sakit yang tersedia di setiap provinsi.",
        "Papan pemuka menunjukkan katil hospital yang tersedia di setiap wilayah.",
    ),
    (
        "Teachers broadcast lessons on radio for children without internet.",
        "教师通过广播为没有网络的儿童授课。",
        "Giáo viên phát bài giảng trên đài cho trẻ em không có internet.",
        "ครูออกอากาศบทเรียนทางวิทยุสำหรับเด็กที่ไม่มีอินเทอร์เน็ต",
        "Guru menyiarkan pelajaran di radio untuk anak-anak tanpa internet.",
        "Guru menyiarkan pelajaran di radio untuk kanak-kanak tanpa internet.",
    ),
    (
        "Electricity meters send readings automatically every hour.",
        "电表每小时自动发送读数。",
        "Công tơ điện tự động gửi chỉ số mỗi giờ.",
        "มิเตอร์ไฟฟ้าส่งค่าการใช้ไฟอัตโนมัติทุกชั่วโมง",
        "Meteran listrik mengirim angka pembacaan secara otomatis setiap jam.",
        "Meter elektrik menghantar bacaan secara automatik setiap jam.",
    ),
    (
        "The city collects rubbish based on sensors in the bins.",
        "城市根据垃圾桶中的传感器安排收运垃圾。",
        "Thành phố thu gom rác dựa trên cảm biến trong thùng rác.",
        "เมืองเก็บขยะตามข้อมูลจากเซนเซอร์ในถังขยะ",
        "Kota mengangkut sampah berdasarkan sensor di tempat sampah.",
        "Bandar mengutip sampah berdasarkan penderia dalam tong sampah.",
    ),
    (
        "Online courses teach programming to young people.",
        "在线课程教年轻人编程。",
        "Các khóa học trực tuyến dạy lập trình cho thanh niên.",
        "หลักสูตรออนไลน์สอนการเขียนโปรแกรมให้คนรุ่นใหม่",
        "Kursus daring mengajarkan pemrograman kepada anak muda.",
        "Kursus dalam talian mengajar pengaturcaraan kepada golongan muda.",
    ),
    (
        "Satellite images help estimate the rice harvest.",
        "卫星图像帮助估算水稻产量。",
        "Ảnh vệ tinh giúp ước tính sản lượng lúa.",
        "ภาพถ่ายดาวเทียมช่วยประเมินผลผลิตข้าว",
        "Citra satelit membantu memperkirakan panen padi.",
        "Imej satelit membantu menganggar hasil tuaian padi.",
    ),
    (
        "Banks check a customer's identity remotely by video.",
        "银行通过视频远程核实客户身份。",
        "Ngân hàng xác minh danh tính khách hàng từ xa qua video.",
        "ธนาคารยืนยันตัวตนลูกค้าจากระยะไกลผ่านวิดีโอ",
        "Bank memverifikasi identitas nasabah dari jarak jauh melalui video.",
        "Bank mengesahkan identiti pelanggan dari jauh melalui video.",
    ),
    (
        "Delivery riders bring groceries ordered online.",
        "外卖骑手配送网上订购的杂货。",
        "Người giao hàng mang thực phẩm được đặt trực tuyến đến.",
        "ไรเดอร์ส่งของชำที่สั่งทางออนไลน์",
        "Kurir mengantarkan belanjaan yang dipesan secara daring.",
        "Penghantar membawa barang runcit yang dipesan dalam talian.",
    ),
    (
        "Vaccination certificates are stored in a phone app.",
        "疫苗接种证明保存在手机应用中。",
        "Giấy chứng nhận tiêm chủng được lưu trong ứng dụng điện thoại.",
        "ใบรับรองการฉีดวัคซีนเก็บไว้ในแอปบนโทรศัพท์",
        "Sertifikat vaksinasi disimpan di aplikasi ponsel.",
        "Sijil vaksinasi disimpan dalam aplikasi telefon.",
    ),
    (
        "Ports use software to plan the unloading of ships.",
        "港口使用软件规划船舶卸货。",
        "Cảng biển dùng phần mềm để lập kế hoạch dỡ hàng tàu.",
        "ท่าเรือใช้ซอฟต์แวร์วางแผนการขนถ่ายสินค้าจากเรือ",
        "Pelabuhan menggunakan perangkat lunak untuk merencanakan bongkar muat kapal.",
        "Pelabuhan menggunakan perisian untuk merancang pemunggahan kapal.",
    ),
    (
        "Cooperatives share tractors through a booking platform.",
        "合作社通过预订平台共享拖拉机。",
        "Hợp tác xã dùng chung máy kéo qua nền tảng đặt lịch.",
        "สหกรณ์ใช้รถแทรกเตอร์ร่วมกันผ่านแพลตฟอร์มจอง",
        "Koperasi berbagi traktor melalui platform pemesanan.",
        "Koperasi berkongsi traktor melalui platform tempahan.",
    ),
    (
        "Citizens report potholes with a photo from their phone.",
        "市民用手机拍照上报路面坑洼。",
        "Người dân báo ổ gà bằng ảnh chụp từ điện thoại.",
        "ประชาชนแจ้งหลุมบนถนนด้วยรูปถ่ายจากโทรศัพท์",
        "Warga melaporkan jalan berlubang dengan foto dari ponsel.",
        "Rakyat melaporkan jalan berlubang dengan gambar dari telefon.",
    ),
    (
        "A chatbot answers questions about tax in several languages.",
        "聊天机器人用多种语言回答税务问题。",
        "Chatbot trả lời câu hỏi về thuế bằng nhiều ngôn ngữ.",
        "แชตบอตตอบคำถามเรื่องภาษีได้หลายภาษา",
        "Chatbot menjawab pertanyaan tentang pajak dalam beberapa bahasa.",
        "Chatbot menjawab soalan tentang cukai dalam beberapa bahasa.",
    ),
    (
        "Weather stations send rainfall data to farmers.",
        "气象站向农民发送降雨数据。",
        "Trạm thời tiết gửi dữ liệu lượng mưa cho nông dân.",
        "สถานีตรวจอากาศส่งข้อมูลปริมาณฝนให้เกษตรกร",
        "Stasiun cuaca mengirim data curah hujan kepada petani.",
        "Stesen cuaca menghantar data hujan kepada petani.",
    ),
    (
        "Pharmacies check prescriptions in a shared electronic system.",
        "药店在共享电子系统中核对处方。",
        "Nhà thuốc kiểm tra đơn thuốc trong hệ thống điện tử dùng chung.",
        "ร้านขายยาตรวจสอบใบสั่งยาในระบบอิเล็กทรอนิกส์ที่ใช้ร่วมกัน",
        "Apotek memeriksa resep dalam sistem elektronik bersama.",
        "Farmasi menyemak preskripsi dalam sistem elektronik bersama.",
    ),
    (
        "Passengers pay the metro fare with a contactless card.",
        "乘客用非接触卡支付地铁票价。",
        "Hành khách trả tiền tàu điện bằng thẻ không tiếp xúc.",
        "ผู้โดยสารจ่ายค่ารถไฟฟ้าด้วยบัตรแบบไร้สัมผัส",
        "Penumpang membayar tarif kereta dengan kartu nirsentuh.",
        "Penumpang membayar tambang metro dengan kad tanpa sentuh.",
    ),
    (
        "Land records are kept in a digital registry.",
        "土地档案保存在数字登记系统中。",
        "Hồ sơ đất đai được lưu trong sổ đăng ký điện tử.",
        "ข้อมูลที่ดินถูกเก็บในทะเบียนดิจิทัล",
        "Catatan tanah disimpan dalam registri digital.",
        "Rekod tanah disimpan dalam daftar digital.",
    ),
    (
        "Young entrepreneurs receive mentoring through video meetings.",
        "青年创业者通过视频会议接受辅导。",
        "Doanh nhân trẻ được cố vấn qua các cuộc họp video.",
        "ผู้ประกอบการรุ่นใหม่ได้รับคำปรึกษาผ่านการประชุมทางวิดีโอ",
        "Pengusaha muda menerima pendampingan melalui rapat video.",
        "Usahawan muda menerima bimbingan melalui mesyuarat video.",
    ),
    (
        "Hospitals share patient records securely with each other.",
        "医院之间安全地共享病历。",
        "Các bệnh viện chia sẻ hồ sơ bệnh nhân với nhau một cách an toàn.",
        "โรงพยาบาลแบ่งปันเวชระเบียนผู้ป่วยระหว่างกันอย่างปลอดภัย",
        "Rumah sakit berbagi rekam medis pasien satu sama lain dengan aman.",
        "Hospital berkongsi rekod pesakit antara satu sama lain dengan selamat.",
    ),
    (
        "Water levels in rivers are monitored to warn of floods.",
        "监测河流水位以预警洪水。",
        "Mực nước sông được giám sát để cảnh báo lũ lụt.",
        "ตรวจวัดระดับน้ำในแม่น้ำเพื่อเตือนภัยน้ำท่วม",
        "Ketinggian air sungai dipantau untuk memperingatkan banjir.",
        "Paras air sungai dipantau untuk memberi amaran banjir.",
    ),
    (
        "Shoppers compare prices of rice in different markets online.",
        "购物者在网上比较不同市场的大米价格。",
        "Người mua so sánh giá gạo ở các chợ khác nhau trên mạng.",
        "ผู้ซื้อเปรียบเทียบราคาข้าวในตลาดต่างๆ ทางออนไลน์",
        "Pembeli membandingkan harga beras di berbagai pasar secara daring.",
        "Pembeli membandingkan harga beras di pasar yang berbeza dalam talian.",
    ),
    (
        "Elderly people learn to use smartphones at community centres.",
        "老年人在社区中心学习使用智能手机。",
        "Người cao tuổi học sử dụng điện thoại thông minh tại trung tâm cộng đồng.",
        "ผู้สูงอายุเรียนใช้สมาร์ตโฟนที่ศูนย์ชุมชน",
        "Lansia belajar menggunakan ponsel pintar di pusat komunitas.",
        "Warga emas belajar menggunakan telefon pintar di pusat komuniti.",
    ),
    (
        "Trucks carrying vaccines are kept cold and tracked by GPS.",
        "运送疫苗的卡车保持冷藏并由GPS跟踪。",
        "Xe tải chở vắc xin được giữ lạnh và theo dõi bằng GPS.",
        "รถบรรทุกวัคซีนถูกควบคุมความเย็นและติดตามด้วย GPS",
        "Truk pengangkut vaksin dijaga tetap dingin dan dilacak dengan GPS.",
        "Lori yang membawa vaksin dikekalkan sejuk dan dijejaki dengan GPS.",
    ),
    (
        "Job seekers find vacancies on a national employment portal.",
        "求职者在国家就业门户网站上寻找职位。",
        "Người tìm việc tìm việc làm trên cổng thông tin việc làm quốc gia.",
        "ผู้หางานค้นหาตำแหน่งว่างบนพอร์ทัลการจ้างงานแห่งชาติ",
        "Pencari kerja menemukan lowongan di portal ketenagakerjaan nasional.",
        "Pencari kerja mencari kekosongan di portal pekerjaan kebangsaan.",
    ),
    (
        "A cyber security team protects government websites from attacks.",
        "网络安全团队保护政府网站免受攻击。",
        "Đội an ninh mạng bảo vệ các trang web chính phủ khỏi tấn công.",
        "ทีมความมั่นคงปลอดภัยไซเบอร์ปกป้องเว็บไซต์ภาครัฐจากการโจมตี",
        "Tim keamanan siber melindungi situs web pemerintah dari serangan.",
        "Pasukan keselamatan siber melindungi laman web kerajaan daripada serangan.",
    ),
    (
        "Parking spaces are found and paid for with an app.",
        "通过应用查找并支付停车位。",
        "Chỗ đỗ xe được tìm và thanh toán bằng ứng dụng.",
        "หาที่จอดรถและจ่ายค่าจอดด้วยแอป",
        "Tempat parkir ditemukan dan dibayar dengan aplikasi.",
        "Tempat letak kereta dicari dan dibayar dengan aplikasi.",
    ),
    (
        "Handicrafts from rural women are sold on an export platform.",
        "农村妇女的手工艺品在出口平台上销售。",
        "Hàng thủ công của phụ nữ nông thôn được bán trên nền tảng xuất khẩu.",
        "งานหัตถกรรมของผู้หญิงในชนบทขายบนแพลตฟอร์มส่งออก",
        "Kerajinan tangan perempuan desa dijual di platform ekspor.",
        "Kraf tangan wanita luar bandar dijual di platform eksport.",
    ),
    (
        "Air quality sensors publish pollution levels every hour.",
        "空气质量传感器每小时发布污染水平。",
        "Cảm biến chất lượng không khí công bố mức ô nhiễm mỗi giờ.",
        "เซนเซอร์คุณภาพอากาศเผยแพร่ระดับมลพิษทุกชั่วโมง",
        "Sensor kualitas udara menerbitkan tingkat polusi setiap jam.",
        "Penderia kualiti udara menerbitkan tahap pencemaran setiap jam.",
    ),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def timed(function, arguments: list) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def recall(embeddings) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Per query language: is the same tuple, in another language, first / in the top 10?"""
    n = len(PARALLEL)
    passages = {
        lang: embeddings.embed_passages([row[i] for row in PARALLEL])
        for i, lang in enumerate(LANGUAGES)
    }
    result = {}
    for i, lang in enumerate(LANGUAGES):
        others = [other for other in LANGUAGES if other != lang]
        corpus = np.vstack([passages[other] for other in others])
        tuple_of = np.tile(np.arange(n), len(others))
        at1 = at10 = 0
        for t, row in enumerate(PARALLEL):
            scores = corpus @ embeddings.embed_query(row[i])
            top = tuple_of[np.argsort(-scores)]
            at1 += int(top[0] == t)
            at10 += int(t in top[:10])
        result[lang] = (at1 / n, at10 / n)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic practices")
    parser.add_argument("--queries", type=int, default=200, help="timed queries of each kind")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    with tempfile.TemporaryDirectory(prefix="cadec-bench-search-") as tmp:
        os.environ["CADEC_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from cadec.exchange import embeddings, search
        from cadec.exchange.models import Practice, PracticeEmbedding
        from cadec.members.models import Organisation, Topic
        from cadec.members.permissions import Viewer
        from cadec.members.reference import load_reference_configuration

        now = datetime.now(tz=UTC)
        call_command("migrate", interactive=False, verbosity=0)
        framework = load_reference_configuration(now=now)
        delegations = {
            lang: Organisation.objects.get(
                framework=framework, kind="DELEGATION", country__iso3=iso3
            )
            for lang, iso3 in COUNTRIES.items()
        }
        sectors = list(Topic.objects.filter(kind="SECTOR").order_by("pk"))

        started = time.perf_counter()
        sentences = [row[i] for row in PARALLEL for i in range(len(LANGUAGES))]
        vectors = embeddings.embed_passages(sentences).reshape(
            len(PARALLEL), len(LANGUAGES), embeddings.DIMENSIONS
        )
        embedded = time.perf_counter() - started
        print(
            f"model: {embeddings.MODEL_NAME}; embedded {len(sentences)} sentences in "
            f"{embedded:.1f} s ({len(sentences) / embedded:.0f} per second, model load included)"
        )

        rng = random.Random(20200612)
        noise = np.random.default_rng(20200612)
        started = time.perf_counter()
        with transaction.atomic():
            batch: list[Practice] = []
            vector_rows: list[PracticeEmbedding] = []
            through: list = []
            for number in range(1, args.n + 1):
                li = rng.randrange(len(LANGUAGES))
                lang = LANGUAGES[li]
                a, b = rng.randrange(len(PARALLEL)), rng.randrange(len(PARALLEL))
                delegation = delegations[lang]
                batch.append(
                    Practice(
                        pk=number,
                        title=PARALLEL[a][li][:200],
                        summary=f"{PARALLEL[a][li]} {PARALLEL[b][li]}",
                        body=f"<p>{PARALLEL[b][li]}</p>",
                        country_id=delegation.country_id,
                        organisation=delegation,
                        language=lang,
                        status=Practice.Status.PUBLISHED,
                        is_demonstration=True,
                        created_at=now,
                        updated_at=now,
                        published_at=now,
                    )
                )
                vector = vectors[a, li] + 0.3 * vectors[b, li]
                vector = vector + noise.normal(0, 0.01, embeddings.DIMENSIONS)
                vector = (vector / np.linalg.norm(vector)).astype(np.float32)
                vector_rows.append(
                    PracticeEmbedding(
                        practice_id=number,
                        vector=embeddings.to_bytes(vector),
                        model=embeddings.MODEL_NAME,
                        text_hash="synthetic",
                        computed_at=now,
                    )
                )
                through.append(
                    Practice.sectors.through(
                        practice_id=number, topic_id=sectors[number % len(sectors)].pk
                    )
                )
                if len(batch) == 5000:
                    Practice.objects.bulk_create(batch)
                    PracticeEmbedding.objects.bulk_create(vector_rows)
                    Practice.sectors.through.objects.bulk_create(through)
                    batch, vector_rows, through = [], [], []
            Practice.objects.bulk_create(batch)
            PracticeEmbedding.objects.bulk_create(vector_rows)
            Practice.sectors.through.objects.bulk_create(through)
        print(f"wrote {args.n:,} practices in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        search.rebuild_keyword_index()
        print(f"keyword index build (FTS5 trigram): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        search._vectors()
        print(f"semantic matrix load: {time.perf_counter() - started:.2f} s")

        anonymous = Viewer(user=None, on=now.date())
        repeats = max(1, args.queries // len(KEYWORD_QUERIES))
        for label, queries in (
            ("keyword, 3+ chars (FTS5)", KEYWORD_QUERIES),
            ("keyword, 1-2 chars (instr scan)", SHORT_QUERIES),
        ):
            timed(lambda q: search._keyword_ids(q, k=search.CANDIDATES), queries)  # warm
            samples = timed(
                lambda q: search._keyword_ids(q, k=search.CANDIDATES),
                (queries * (args.queries // len(queries) + 1))[: args.queries],
            )
            p50, p95 = percentiles(samples)
            print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(samples)} queries)")

        def hybrid(query: str) -> None:
            # A fresh query each time: the embedding is part of the cost.
            search.search_practices(query=query, viewer=anonymous, limit=20)

        timed(hybrid, HYBRID_QUERIES)  # warm
        samples = timed(hybrid, (HYBRID_QUERIES * (repeats + 20))[: args.queries])
        p50, p95 = percentiles(samples)
        print(
            f"hybrid (query embedding + keyword + k-NN over {args.n:,} + fusion + facets): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(samples)} queries)"
        )

        print("cross-lingual retrieval (query in one language, tuples in the five others):")
        for lang, (at1, at10) in recall(embeddings).items():
            print(f"  {lang:8} recall@1 {at1:.2f}  recall@10 {at10:.2f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS of the process): {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
