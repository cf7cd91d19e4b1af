"""Errors the model raises for bad input; each carries a one-line message naming file and field.

Input errors the app shows to users have a code with a Chinese and an English template, so the UI can
say what went wrong in the user's language; other callers may pass a plain (English) sentence.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "too_large": {
        "en": "file is {size:,} bytes, the limit is {limit:,}",
        "zh": "文件大小为 {size:,} 字节，超过上限 {limit:,} 字节",
    },
    "unreadable": {"en": "cannot read the file ({reason})", "zh": "无法读取文件（{reason}）"},
    "not_a_file": {"en": "not a regular file", "zh": "不是普通文件"},
    "not_utf8": {"en": "not UTF-8 text", "zh": "不是 UTF-8 编码的文本"},
    "too_deep": {"en": "nested more than {limit} levels deep", "zh": "嵌套层级超过 {limit} 层"},
    "bad_json": {
        "en": "not valid JSON (line {line}): {problem}",
        "zh": "不是有效的 JSON（第 {line} 行）：{problem}",
    },
    "bad_yaml": {"en": "not valid YAML{where}: {problem}", "zh": "不是有效的 YAML{where}：{problem}"},
    "not_mapping": {
        "en": "expected a mapping with questionnaire, version and answers",
        "zh": "文件应包含 questionnaire、version 和 answers 字段",
    },
    "wrong_questionnaire": {
        "en": "questionnaire: {got} is not '{expected}'",
        "zh": "questionnaire：{got} 不是本问卷（{expected}）",
    },
    "bad_version": {
        "en": "version: expected a whole number, got {got}",
        "zh": "version：应为整数，实际为 {got}",
    },
    "future_version": {
        "en": "version: made with questionnaire version {got}; this app knows version {known} — update the app",
        "zh": "version：文件来自问卷第 {got} 版，本应用仅支持第 {known} 版，请更新应用",
    },
    "old_version": {"en": "version: version {got} is not supported", "zh": "version：不支持第 {got} 版"},
    "section_not_mapping": {
        "en": "{field}: expected a mapping of question id to answer",
        "zh": "{field}：应为“题目 id: 答案”的映射",
    },
    "unknown_question": {"en": "{field}: unknown question", "zh": "{field}：没有这道题"},
    "not_option": {
        "en": "{field}: {got} is not an option of “{question}” (values a file may hold: {values})",
        "zh": "{field}：{got} 不是“{question}”的选项（文件中可用的取值：{values}）",
    },
    "not_list": {"en": "{field}: expected a list of options", "zh": "{field}：应为选项列表"},
    "not_number": {"en": "{field}: expected a number, got {got}", "zh": "{field}：应为数字，实际为 {got}"},
    "out_of_range": {
        "en": "{field}: {got} is outside {low:g} to {high:g}",
        "zh": "{field}：{got} 超出允许范围 {low:g} 至 {high:g}",
    },
    "bad_meta": {"en": "{field}: {problem}", "zh": "{field}：{problem}"},
    "plan_unknown_action": {
        "en": "{field}: no such action in the plan",
        "zh": "{field}：实施路径中没有这项行动",
    },
    "plan_bad_field": {"en": "{field}: expected {problem}", "zh": "{field}：格式不对，应为 {problem}"},
    "plan_bad_date": {
        "en": "{field}: {got} is not a date (expected YYYY-MM-DD)",
        "zh": "{field}：{got} 不是有效日期（应为 YYYY-MM-DD）",
    },
    "plan_due_before_start": {
        "en": "{field}: due date is before the start",
        "zh": "{field}：截止日期早于开始日期",
    },
    "plan_text_too_long": {
        "en": "{field}: {got} characters, the limit is {limit}",
        "zh": "{field}：共 {got} 个字符，超过上限 {limit}",
    },
    "bad_weights": {"en": "weights: {problem}", "zh": "weights（准备度权重）：{problem}"},
    "bad_link": {"en": "share link: {problem}", "zh": "分享链接无效：{problem}"},
    "link_malformed": {
        "en": "share link: this is not a BrokerEco share link (copy the whole link again)",
        "zh": "分享链接无效：这不是 BrokerEco 的分享链接（请重新复制完整链接）",
    },
    "link_damaged": {
        "en": "share link: the link was changed or cut off while copying (copy the whole link again)",
        "zh": "分享链接无效：链接在复制时被截断或改动（请重新复制完整链接）",
    },
    "link_too_long": {
        "en": "share link: {size:,} characters, the limit is {limit:,}",
        "zh": "分享链接无效：长度 {size:,} 个字符，超过上限 {limit:,}",
    },
    "link_too_big": {
        "en": "share link: its answers unpack to more than {limit:,} bytes, more than any assessment needs",
        "zh": "分享链接无效：链接中的答案解压后超过 {limit:,} 字节，远超任何一份评估所需",
    },
    "link_format": {
        "en": "share link: link format {got} is not supported by this version of the app",
        "zh": "分享链接无效：本应用不支持第 {got} 版链接格式",
    },
    "link_old_version": {
        "en": "share link: made with questionnaire version {got}; this app uses version {known} "
        "and cannot open it — ask the sender for the answers file",
        "zh": "分享链接无效：链接来自问卷第 {got} 版，本应用使用第 {known} 版，无法打开——请向发送者索取答案文件",
    },
    "link_future_version": {
        "en": "share link: made with questionnaire version {got}; this app knows version {known} — update the app",
        "zh": "分享链接无效：链接来自更新的问卷第 {got} 版，本应用仅支持第 {known} 版，请更新应用",
    },
    "link_answers": {"en": "share link: {detail_en}", "zh": "分享链接无效：{detail_zh}"},
    "cannot_write": {"en": "cannot write the file ({reason})", "zh": "无法写入文件（{reason}）"},
}


class InputError(ValueError):
    """Bad user input (answers file, AHP/DEA file, CLI argument): exit code 2, no traceback.

    `InputError("not_number", source, field=..., got=...)` uses a translated template; a parameter
    given as {"zh": ..., "en": ...} is filled in the message's language.
    `InputError("file.json: matrix[0][1]: must be positive")` is a plain English sentence.
    """

    def __init__(self, code: str, source: str | None = None, **params):
        self.code = code if code in MESSAGES else None
        self.literal = None if self.code else code
        self.source = source
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        if self.code:
            params = {k: v.get(lang, v.get("en")) if _per_language(v) else v for k, v in self.params.items()}
            body = MESSAGES[self.code][lang].format(**params)
        else:
            body = self.literal
        return f"{self.source}: {body}" if self.source else body


def _per_language(value: object) -> bool:
    return isinstance(value, dict) and set(value) == {"zh", "en"}


class QuestionnaireError(ValueError):
    """Broken questionnaire content; `messages` holds one line per problem."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))
