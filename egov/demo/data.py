"""The departments, offices and communes of the fictional province, with their sources.

Where the shape comes from:
- Departments: Decree 45/2025/NĐ-CP lists the twelve bodies every province has
  (Sở Nội vụ, Tư pháp, Tài chính, Công Thương, Nông nghiệp và Môi trường, Xây dựng,
  Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch, Giáo dục và Đào tạo, Y tế,
  Thanh tra tỉnh, Văn phòng UBND) and the ones some provinces add (Sở Ngoại vụ,
  Sở Dân tộc và Tôn giáo). Bodies outside that decree complete the list: the
  industrial-zones board, the office of the National Assembly delegation and the
  People's Council, and the vertical agencies (police, social insurance, tax,
  military command) that receive dossiers in every province.
- Two tiers since 1 July 2025: communes and wards sit directly under the province.
- The public administration service centre belongs to the Office of the People's
  Committee, as in e.g. Thanh Hóa's Decision 58/2025/QĐ-UBND.
- Agency codes are electronic identifiers in the four-group form of QCVN
  102:2016/BTTTT that the national procedure database still uses, one of the two
  forms egov.organizations.identifiers accepts (Decision 20/2020/QĐ-TTg's own form
  puts level 1 first: "H99.03.01"): "level-4.level-3.level-2.level-1"; level 1 is a
  letter and two digits (H + the province's number for a provincial People's
  Committee), level 2 and 3 two digits, level 4 three digits, zero where unused.
  Real provinces hold numbers up to H64; H99 is nobody's.
- Administrative unit codes have the official shape (2-digit province, 5-digit
  commune); 99 is no province's code and 99001… lie beyond the highest real commune
  code (32248 in the 2025 list shipped by vietnam-provinces).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Department:
    slug: str
    name: str
    head: str
    deputy: str
    offices: tuple[str, ...]


#: (slug used in usernames, name, head's title, deputy's title, offices). Offices are illustrative.
DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "vpubnd",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        ("Phòng Tổng hợp", "Phòng Kiểm soát thủ tục hành chính", "Phòng Hành chính - Tổ chức"),
    ),
    Department(
        "snv",
        "Sở Nội vụ",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        (
            "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
            "Phòng Xây dựng chính quyền và Cải cách hành chính",
            "Phòng Lao động - Việc làm",
        ),
    ),
    Department(
        "stp",
        "Sở Tư pháp",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        ("Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp", "Phòng Xây dựng và Kiểm tra văn bản"),
    ),
    Department(
        "stc",
        "Sở Tài chính",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        (
            "Phòng Quản lý ngân sách",
            "Phòng Đăng ký kinh doanh",
            "Phòng Quản lý giá và Công sản",
            "Phòng Đầu tư",
        ),
    ),
    Department(
        "sct",
        "Sở Công Thương",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        ("Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp", "Phòng Quản lý năng lượng"),
    ),
    Department(
        "snnmt",
        "Sở Nông nghiệp và Môi trường",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        (
            "Phòng Quản lý đất đai",
            "Phòng Môi trường",
            "Phòng Tài nguyên nước và Khoáng sản",
            "Phòng Trồng trọt",
        ),
    ),
    Department(
        "sxd",
        "Sở Xây dựng",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        (
            "Phòng Quản lý hoạt động xây dựng",
            "Phòng Quy hoạch - Kiến trúc",
            "Phòng Quản lý vận tải, phương tiện và người lái",
            "Phòng Quản lý nhà và thị trường bất động sản",
        ),
    ),
    Department(
        "skhcn",
        "Sở Khoa học và Công nghệ",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        ("Phòng Quản lý khoa học", "Phòng Chuyển đổi số", "Phòng Bưu chính - Viễn thông"),
    ),
    Department(
        "sgddt",
        "Sở Giáo dục và Đào tạo",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        (
            "Phòng Giáo dục phổ thông",
            "Phòng Quản lý chất lượng",
            "Phòng Giáo dục nghề nghiệp và Thường xuyên",
        ),
    ),
    Department(
        "syt",
        "Sở Y tế",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        ("Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Bảo trợ xã hội"),
    ),
    Department(
        "svhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        (
            "Phòng Quản lý văn hóa",
            "Phòng Quản lý thể dục thể thao",
            "Phòng Quản lý du lịch",
            "Phòng Báo chí, Xuất bản",
        ),
    ),
    Department(
        "ttt",
        "Thanh tra tỉnh",
        "Chánh Thanh tra",
        "Phó Chánh Thanh tra",
        ("Phòng Tiếp công dân và Xử lý đơn thư", "Phòng Nghiệp vụ", "Phòng Phòng, chống tham nhũng"),
    ),
    Department(
        "sdttg",
        "Sở Dân tộc và Tôn giáo",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        ("Phòng Chính sách dân tộc", "Phòng Quản lý tôn giáo"),
    ),
    Department(
        "sngv",
        "Sở Ngoại vụ",
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        ("Phòng Lãnh sự và Người Việt Nam ở nước ngoài", "Phòng Hợp tác quốc tế"),
    ),
    Department(
        "bqlkcn",
        "Ban Quản lý các Khu công nghiệp tỉnh",
        "Trưởng ban",
        "Phó Trưởng ban",
        ("Phòng Quản lý doanh nghiệp", "Phòng Quản lý quy hoạch và xây dựng", "Phòng Quản lý lao động"),
    ),
    Department(
        "vpdbhd",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        ("Phòng Công tác Quốc hội", "Phòng Công tác Hội đồng nhân dân"),
    ),
    Department(
        "cat",
        "Công an tỉnh",
        "Giám đốc Công an tỉnh",
        "Phó Giám đốc Công an tỉnh",
        (
            "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
            "Phòng Cảnh sát giao thông",
            "Phòng Quản lý xuất nhập cảnh",
            "Phòng Hồ sơ nghiệp vụ",
        ),
    ),
    Department(
        "bhxh",
        "Bảo hiểm xã hội tỉnh",
        "Giám đốc",
        "Phó Giám đốc",
        ("Phòng Quản lý thu và Sổ, thẻ", "Phòng Chế độ bảo hiểm xã hội", "Phòng Giám định bảo hiểm y tế"),
    ),
    Department(
        "thue",
        "Thuế tỉnh",
        "Trưởng Thuế tỉnh",
        "Phó Trưởng Thuế tỉnh",
        (
            "Phòng Hỗ trợ người nộp thuế",
            "Phòng Quản lý hộ kinh doanh, cá nhân",
            "Phòng Kê khai và Kế toán thuế",
        ),
    ),
    Department(
        "bchqs",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Chỉ huy trưởng",
        "Phó Chỉ huy trưởng",
        ("Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần - Kỹ thuật"),
    ),
)

#: Short names where the full name is long (the UI shows them in tight places).
SHORT_NAMES = {
    "vpubnd": "Văn phòng UBND tỉnh",
    "vpdbhd": "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "bqlkcn": "Ban Quản lý các KCN",
    "svhttdl": "Sở VHTTDL",
    "sgddt": "Sở GD&ĐT",
    "snnmt": "Sở NN&MT",
    "skhcn": "Sở KH&CN",
    "sdttg": "Sở Dân tộc và Tôn giáo",
}

CENTER_NAME = "Trung tâm Phục vụ hành chính công tỉnh"

#: Fictional communes and wards (kind, name). Names are built from the common Sino-Vietnamese
#: place-name elements; any match with a real commune elsewhere is a coincidence of those elements.
COMMUNES: tuple[tuple[str, str], ...] = (
    ("xã", "An Bình"),
    ("phường", "Bắc Sơn"),
    ("phường", "Hòa Xanh"),
    ("phường", "Nam Thành"),
    ("phường", "Đông Tiến"),
    ("phường", "Tây Lộc"),
    ("phường", "Trung Hưng"),
    ("phường", "Quang Minh"),
    ("phường", "Phú Thịnh"),
    ("xã", "An Phú"),
    ("xã", "Bình Lâm"),
    ("xã", "Cẩm Hòa"),
    ("xã", "Đại Phong"),
    ("xã", "Đồng Tâm"),
    ("xã", "Gia Khánh"),
    ("xã", "Hải Thịnh"),
    ("xã", "Hồng Tiến"),
    ("xã", "Hưng Lộc"),
    ("xã", "Kim Đông"),
    ("xã", "Long Thủy"),
    ("xã", "Minh Khai"),
    ("xã", "Mỹ Hòa"),
    ("xã", "Ngọc Sơn"),
    ("xã", "Phúc Lâm"),
    ("xã", "Phước Thành"),
    ("xã", "Quảng Tân"),
    ("xã", "Tân Phong"),
    ("xã", "Thạnh Mỹ"),
    ("xã", "Thanh Tuyền"),
    ("xã", "Thuận Hưng"),
    ("xã", "Vĩnh Hòa"),
    ("xã", "Xuân Lâm"),
    ("xã", "Yên Khánh"),
    ("xã", "Đức Phong"),
)

#: The provincial police office that issues criminal record certificates (Phiếu lý lịch tư pháp), which
#: passed from the Department of Justice to the police on 1 March 2025; it has its own counter.
POLICE_RECORDS_OFFICE = "Phòng Hồ sơ nghiệp vụ"

#: The rooms of a commune People's Committee as Decree 150/2025/NĐ-CP is reported to name them (its text
#: was not retrieved: docs/legal-notes/forms-and-codes.md §5): (name, name in a ward if different, the
#: civil servants of COMMUNE_SPECIALISTS who sit there; that placement is illustrative).
COMMUNE_ROOMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "", ("Công chức Tư pháp - Hộ tịch",)),
    (
        "Phòng Kinh tế",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        ("Công chức Địa chính - Xây dựng", "Công chức Tài chính - Kế toán"),
    ),
    ("Phòng Văn hóa - Xã hội", "", ("Công chức Văn hóa - Xã hội",)),
)

COMMUNE_SPECIALISTS = (
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - Xã hội",
    "Công chức Tài chính - Kế toán",
)
