// Python port of the task verifiers (src/engine/tasks/*.ts score()). One function per task, in the order of the
// TypeScript, so a change there is easy to mirror here; test/unit/scale-rewards.test.ts is the arbiter (2,000+
// completions per task: policy-like samples, demonstrations and adversarial strings).
// (A String.raw template: the Python must not contain a backtick or a dollar-brace.)
export const REWARDS_PY = String.raw`"""The GRPO Playground's task verifiers in Python (src/engine/tasks/*.ts), with the same named rewards.

score(task, problem, completion) -> {"correct": 0/1, "format": 0/1, ...}. problem is a row of problems.jsonl:
{"question", "answer", "data"}. Every expert ends in one answer format (optional work, "|", the answer, "."), so a
completion scores the same under every expert's prompt. Text after the first "." is ignored; no "." scores 0.
"""
import re

TERMINATOR = "."
ANSWER_MARK = "|"
REWARD_NAMES = {
    "add": ["correct", "format", "digits", "judge"],
    "reverse": ["correct", "format"],
    "sort": ["correct", "format"],
    "countdown": ["correct", "format", "uses_all"],
}
_DIGITS = re.compile(r"[0-9]+\Z")
_LETTERS = re.compile(r"[a-z]+\Z")


def b01(x):
    return 1 if x else 0


def completion_body(completion):
    i = completion.find(TERMINATOR)
    return None if i < 0 else completion[:i]


def split_answer(body):
    i = body.rfind(ANSWER_MARK)
    return ("", body) if i < 0 else (body[:i], body[i + 1:])


def _is_digits(s):
    # Only ASCII 0-9 (str.isdigit would accept other scripts' digits).
    return _DIGITS.match(s) is not None


def same_number(digits, answer):
    if not _is_digits(digits) or not _is_digits(answer):
        return False
    strip = lambda s: re.sub(r"^0+(?=[0-9])", "", s)
    return strip(digits) == strip(answer)


def zero_score(task):
    return {name: 0 for name in REWARD_NAMES[task]}


def digit_share(written, total):
    # Partial credit: the share of place values (ones first) where the two numbers agree, over the longer one.
    strip = lambda s: re.sub(r"^0+(?=[0-9])", "", s)
    w, t = strip(written), strip(total)
    same = sum(1 for i in range(1, min(len(w), len(t)) + 1) if w[-i] == t[-i])
    return same / max(len(w), len(t))


def noisy_judge(question, body):
    # +1 or -1 from FNV-1a over the UTF-16 code units of question, newline, body (as JavaScript's charCodeAt sees them).
    h = 0x811C9DC5
    data = (question + "\n" + body).encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return 1 if h >> 31 else -1


def score_add(problem, completion):
    body = completion_body(completion)
    if body is None:
        return zero_score("add")
    _, answer = split_answer(body)
    digits_only = _is_digits(answer)
    return {
        "correct": b01(digits_only and same_number(answer, problem["answer"])),
        "format": b01(digits_only),
        "digits": digit_share(answer, problem["answer"]) if digits_only else 0,
        # The question rebuilt from the data: verl's ground truth carries only the answer and the data.
        "judge": noisy_judge("%d+%d=" % (problem["data"]["a"], problem["data"]["b"]), body),
    }


def score_reverse(problem, completion):
    body = completion_body(completion)
    if body is None:
        return zero_score("reverse")
    _, answer = split_answer(body)
    return {"correct": b01(answer == problem["answer"]), "format": b01(_LETTERS.match(answer) is not None)}


def score_sort(problem, completion):
    body = completion_body(completion)
    if body is None:
        return zero_score("sort")
    _, answer = split_answer(body)
    return {"correct": b01(answer == problem["answer"]), "format": b01(_is_digits(answer))}


MAX_BODY = 64


def _apply(a, op, b):
    return a + b if op == "+" else (a - b if op == "-" else a * b)


def parse_expression(src):
    """Digits, + - * and parentheses with the usual precedence; (value, numbers) or None. Never eval."""
    if len(src) == 0 or len(src) > MAX_BODY:
        return None
    pos = [0]
    numbers = []

    def peek():
        return src[pos[0]] if pos[0] < len(src) else ""

    def expr():
        v = term()
        while v is not None and peek() in ("+", "-") and peek() != "":
            op = src[pos[0]]
            pos[0] += 1
            r = term()
            v = None if r is None else _apply(v, op, r)
        return v

    def term():
        v = factor()
        while v is not None and peek() == "*":
            pos[0] += 1
            r = factor()
            v = None if r is None else v * r
        return v

    def factor():
        if peek() == "(":
            pos[0] += 1
            v = expr()
            if v is None or peek() != ")":
                return None
            pos[0] += 1
            return v
        start = pos[0]
        while pos[0] < len(src) and "0" <= src[pos[0]] <= "9":
            pos[0] += 1
        if pos[0] == start:
            return None
        n = int(src[start:pos[0]])
        numbers.append(n)
        return n

    value = expr()
    return None if value is None or pos[0] != len(src) else (value, numbers)


def _take_all(pool, used):
    for n in used:
        if n not in pool:
            return False
        pool.remove(n)
    return True


def score_countdown(problem, completion):
    data = problem["data"]
    body = completion_body(completion)
    if body is None or len(body) > MAX_BODY:
        return zero_score("countdown")
    _, expr = split_answer(body)
    parsed = parse_expression(expr)
    if parsed is None:
        return {"correct": 0, "format": 0, "uses_all": 0}
    value, used = parsed
    pool = list(data["numbers"])
    allowed = _take_all(pool, used)
    return {
        "correct": b01(allowed and value == data["target"]),
        "format": 1,
        "uses_all": b01(allowed and len(pool) == 0),
    }


SCORERS = {"add": score_add, "reverse": score_reverse, "sort": score_sort, "countdown": score_countdown}


def score(task, problem, completion):
    return SCORERS[task](problem, completion)
`;
