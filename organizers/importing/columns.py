"""The columns of the import format (docs/import.md): each field's header and the other headers
accepted, the values a cell may take, shared by reading, checking and exporting."""
import re

# field, the header written on export, other headers accepted (compared without spaces, case-folded)
COLUMNS = (
    ("key", "编号", ("key",)),
    ("name", "姓名", ("name",)),
    ("name_bo", "藏文名", ("name_bo", "藏文姓名")),
    ("gender", "性别", ("gender",)),
    ("township", "乡镇", ("township", "乡（镇）")),
    ("village", "村（社区）", ("village", "村", "社区")),
    ("event", "项目", ("event", "参赛项目")),
    ("team", "队伍", ("team",)),
    ("number", "号码", ("number",)),
    ("phone", "联系电话", ("phone", "电话")),
)
FIELDS = tuple(c[0] for c in COLUMNS)
HEADERS = {f: header for f, header, _ in COLUMNS}
REQUIRED = ("name", "township", "event")
LIMITS = {"name": 200, "name_bo": 200, "team": 200, "phone": 32}
GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
GENDER_TEXT = {"M": "男", "F": "女"}
KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
SHIRT = re.compile(r"^\d{1,3}$")
SEPARATORS = re.compile(r"[、,，;；]")
JOIN = "、"
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting with one of these could run as a formula
