"""Typed errors. Every one reaches the user as one clear Chinese line, exit code 2."""
from __future__ import annotations


class DrafterError(Exception):
    """Bad input or usage. `str()` is the Chinese message shown to the user."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.format())

    def format(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line:
            where.append(f"第{self.line}行")
        if self.field:
            where.append(f"字段“{self.field}”")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


class InputError(DrafterError):
    """A file that cannot be read or decoded."""


class ValidationError(DrafterError):
    """A unit YAML (or layout profile) that does not match the schema."""


class BankError(DrafterError):
    """A bank directory that is missing or broken."""


class OutputError(DrafterError):
    """An output path that cannot or may not be written."""


class WorkerError(DrafterError):
    """A helper process of `drafter mine` that died or failed: not the user's input."""

    exit_code = 1


# What an operating system error means to a user, by errno: never the English strerror.
_OS_CAUSES = {
    "ENOSPC": "磁盘空间不足", "EDQUOT": "磁盘配额已用完", "EROFS": "只读文件系统，无法写入",
    "ENAMETOOLONG": "文件名过长", "EACCES": "没有权限", "EPERM": "没有权限（操作不被允许）",
    "ENOENT": "文件或目录不存在", "ENOTDIR": "路径中有一段是文件而不是目录", "EISDIR": "这是一个目录，不是文件",
    "EEXIST": "文件已存在", "EIO": "读写设备出错（磁盘或网络驱动器可能有故障）", "EMFILE": "打开的文件过多",
    "ENFILE": "打开的文件过多", "ETXTBSY": "文件正被其他程序使用", "EBUSY": "文件或设备正被其他程序使用",
    "ELOOP": "符号链接层次过多（可能循环）", "EXDEV": "不能跨磁盘移动文件", "EFBIG": "文件过大",
    "ENOMEM": "内存不足", "EINVAL": "文件名或参数无效", "ENXIO": "设备不存在", "ENODEV": "设备不存在",
    "ESTALE": "网络文件已失效", "ETIMEDOUT": "网络驱动器响应超时", "EAGAIN": "资源暂时不可用，请稍后再试",
}


def os_cause(e: BaseException) -> str:
    """The Chinese cause of an OSError (磁盘空间不足, 只读文件系统, 文件名过长, ...)."""
    import errno
    if isinstance(e, OSError) and e.errno is not None:
        name = errno.errorcode.get(e.errno, "")
        if name in _OS_CAUSES:
            return _OS_CAUSES[name]
        return f"系统错误 {e.errno}"
    if isinstance(e, UnicodeError):
        return "文件名或内容含有无法处理的字符"
    return "系统错误"


def os_error(e: OSError, path=None, doing: str = "写入") -> "DrafterError":
    """An OSError as the DrafterError a user sees: what failed, where, and why in Chinese."""
    where = str(path) if path is not None else (e.filename if isinstance(e, OSError) and e.filename else None)
    return OutputError(f"无法{doing}：{os_cause(e)}", file=where and str(where))


def template_error(e: BaseException, template_dir=None) -> "BankError":
    """A Jinja error as a BankError blaming the template (file and line), not the unit YAML."""
    import jinja2
    name, line = getattr(e, "filename", None) or getattr(e, "name", None), getattr(e, "lineno", None)
    if not name or not line:        # a runtime error: the template's frame is in the traceback
        tb = e.__traceback__
        while tb is not None:
            f = tb.tb_frame.f_code.co_filename
            if f.endswith(".j2"):
                name, line = f, tb.tb_lineno
            tb = tb.tb_next
    if isinstance(e, jinja2.TemplateSyntaxError):
        why = "模板语法错误"
    elif isinstance(e, jinja2.exceptions.SecurityError):
        why = "模板访问了不允许的内容（出于安全限制已拒绝），模板可能被改动过"
    elif isinstance(e, jinja2.UndefinedError):
        m = __import__("re").search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(e))
        what = next((g for g in m.groups() if g), None) if m else None
        why = f"模板用到了单位资料中没有的“{what}”" if what else "模板用到了未定义的内容"
    else:
        why = "模板无法填写"
    if name and template_dir is not None and "/" not in str(name) and "\\" not in str(name):
        name = str(__import__("pathlib").Path(template_dir) / name)
    return BankError(f"{why}，请修改模板或重新运行 drafter mine 生成模板库", file=name, line=line)
