"""The columns of the import formats (docs/import.md): each field's header and the other headers
accepted, the values a cell may take, shared by reading, checking and exporting. Two formats:
contestants (CONTESTANTS) and the judge pool (JUDGES)."""
import re
from dataclasses import dataclass

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
    ("id_number", "身份证号", ("id_number", "身份证", "身份证号码")),
    ("account", "银行卡号/手机号", ("account", "银行卡号", "收款账号", "银行卡号或手机号")),
)
JUDGE_COLUMNS = (
    ("name", "姓名", ("name",)),
    ("name_bo", "藏文名", ("name_bo", "藏文姓名")),
    ("township", "乡镇", ("township", "乡（镇）")),
    ("village", "村（社区）", ("village", "村", "社区")),
    ("phone", "联系电话", ("phone", "电话")),
    ("note", "备注", ("note",)),
)
# the column a bad-rows workbook adds, with each row's problems: ignored when the file comes back
PROBLEM_HEADERS = ("问题", "problems", "དཀའ་ངལ")


@dataclass(frozen=True)
class Format:
    """A spreadsheet format: its columns, the fields a row must have, the name columns whose
    letters a legacy encoding can lose, and the longest text of each field."""

    columns: tuple
    required: tuple
    names: tuple
    limits: dict

    @property
    def fields(self) -> tuple:
        return tuple(c[0] for c in self.columns)

    @property
    def headers(self) -> dict:
        return {f: header for f, header, _ in self.columns}


CONTESTANTS = Format(COLUMNS, ("name", "township", "event"), ("name_bo", "name", "township", "village", "team"),
                     {"name": 200, "name_bo": 200, "team": 200, "phone": 32, "id_number": 18, "account": 32})
JUDGES = Format(JUDGE_COLUMNS, ("name", "township"), ("name_bo", "name", "township", "village"),
                {"name": 200, "name_bo": 200, "phone": 32, "note": 200})
FIELDS = CONTESTANTS.fields
HEADERS = CONTESTANTS.headers
REQUIRED = CONTESTANTS.required
LIMITS = CONTESTANTS.limits
GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
GENDER_TEXT = {"M": "男", "F": "女"}
KEY = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
SHIRT = re.compile(r"^\d{1,3}$")
SEPARATORS = re.compile(r"[、,，;；]")
JOIN = "、"
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting with one of these could run as a formula
