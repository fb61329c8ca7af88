"""Slack incoming webhook: Block Kit within Slack's limits.

Slack takes at most 50 blocks per message and 3,000 characters per section text (150 per
header). An alert fits in one message; a long digest is split into several, each within the
limits and within 12,000 characters of text, the later ones marked "part 2 of 3". Each part the webhook accepts is recorded at
once (`on_part`), so a retry after a 429 or a crash resumes with the next part instead of
repeating the digest. The webhook URL comes from `url` or the variable named by `url_env`
and is never logged. Slack answers 200 "ok"; 429 carries Retry-After.
"""

from __future__ import annotations

from collections.abc import Callable

from monitor.notify import Delivery
from monitor.notify.channels import SlackChannel
from monitor.notify.render import day, plural, when
from monitor.notify.webhook import HttpAdapter

MAX_BLOCKS = 50
MAX_TEXT = 3000
MAX_HEADER = 150
# Our own cap on a message's text, for readability and far below the 40,000 characters Slack
# takes in one message.
MAX_MESSAGE_CHARS = 12_000
MAX_LINKS = 5


class SlackAdapter(HttpAdapter):
    kind = "slack"

    def __init__(self, name: str, channel: SlackChannel):
        super().__init__(name, channel)

    def send(self, delivery: Delivery, on_part: Callable[[int], None]) -> None:
        messages = slack_messages(delivery.message)
        for number, payload in enumerate(messages, start=1):
            if number <= delivery.parts_sent:
                continue  # accepted on an earlier attempt
            self.post(payload)
            if len(messages) > 1:
                on_part(number)


def slack_messages(message: dict) -> list[dict]:
    """The Slack payloads ({text, blocks}) of an alert or a digest, each within Slack's limits."""
    if message["type"] == "alert":
        blocks = _alert_blocks(message)
    else:
        blocks = _digest_blocks(message)
    title = message["subject"]
    parts = _split(blocks)
    if len(parts) == 1:
        return [{"text": _plain(title), "blocks": parts[0], "unfurl_links": False, "unfurl_media": False}]
    payloads = []
    for number, part in enumerate(parts, start=1):
        marker = _context(f"{_escape(message.get('title') or title)}, part {number} of {len(parts)}")
        blocks = part if number == 1 else [marker, *part]
        payloads.append({"text": _plain(f"{title} (part {number} of {len(parts)})"), "blocks": blocks,
                         "unfurl_links": False, "unfurl_media": False})
    return payloads


def _alert_blocks(m: dict) -> list[dict]:
    event, why = m["event"], m["why"]
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(f"{event['kind_name']}: {event['headline']}",
                                                                       MAX_HEADER), "emoji": False}},
        _section(f"*{_link(m['link'], event['title'])}*\n{_escape(event['summary'])}"),
    ]
    for sentence in why["evidence"]:
        blocks.append(_section("> " + _escape(sentence)))
    links = " · ".join(_link(a["url"], a["source"]) + (f" ({day(a['published'])})" if a["published"] else "")
                       for a in m["articles"][:MAX_LINKS])
    more = f" and {len(m['articles']) - MAX_LINKS} more" if len(m["articles"]) > MAX_LINKS else ""
    blocks.append(_section(f"*Reported by {plural(m['sources'], 'source')}:* {links}{more}"))
    blocks.append(_context(f"Why: rule *{_escape(', '.join(why['rules']))}* · {_escape(why['labels'])}"))
    return blocks


def _digest_blocks(m: dict) -> list[dict]:
    counts = m["counts"]
    start = f"{when(m['window']['start'])} to " if m["window"]["start"] else "up to "
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(m["title"], MAX_HEADER), "emoji": False}},
        _context(f"{plural(counts['tiers'], 'tier change')}, {plural(counts['moves'], 'regulatory move')}, "
                 f"{plural(counts['stories'], 'other story', 'other stories')} · {start}{when(m['window']['end'])}"),
    ]
    if not m["sections"]:
        blocks.append(_section("Nothing relevant in this window."))
    for section in m["sections"]:
        blocks.append({"type": "divider"})
        blocks.append(_section(f"*{_escape(section['title'])}*"))
        for group in section["groups"]:
            lines = [f"*{_escape(group['title'])}*"] if group["title"] else []
            for item in group["items"]:
                lines.append(_item_text(item))
            blocks.extend(_pack(lines))
    blocks.append(_context(f"Digest *{_escape(m['name'])}* ({_escape(m['schedule'])} UTC): every relevant story "
                           "first seen since its last run, each once."))
    return blocks


def _item_text(item: dict) -> str:
    text = f"• *{_link(item['url'], item['headline'])}*"
    if item["headline"] != item["title"]:
        text += f"\n    {_link(item['url'], item['title'])}"
    others = " ".join(_link(a["url"], a["source"]) for a in item["links"][:MAX_LINKS])
    text += f"\n    {_escape(item['summary'])} · {plural(item['sources'], 'source')}: {others}"
    if item.get("evidence"):
        text += f"\n    _“{_escape(item['evidence'])}”_"
    text += f"\n    {_escape(item['labels'])}"
    return text


def _pack(lines: list[str]) -> list[dict]:
    """Lines into as few section blocks as fit, each text within MAX_TEXT."""
    blocks, current = [], ""
    for line in lines:
        if current and len(current) + 2 + len(line) > MAX_TEXT:
            blocks.append(_section(current))
            current = line
        else:
            current = f"{current}\n\n{line}" if current else line
    if current:
        blocks.append(_section(current))
    return blocks


def _split(blocks: list[dict]) -> list[list[dict]]:
    """Blocks into messages within MAX_BLOCKS (room left for a part marker) and MAX_MESSAGE_CHARS."""
    if len(blocks) <= MAX_BLOCKS and sum(map(_size, blocks)) <= MAX_MESSAGE_CHARS:
        return [blocks]
    parts, current, size = [], [], 0
    for block in blocks:
        if current and (len(current) == MAX_BLOCKS - 1 or size + _size(block) > MAX_MESSAGE_CHARS):
            parts.append(current)
            current, size = [], 0
        if not current and block["type"] == "divider":
            continue  # a part never starts with a divider
        current.append(block)
        size += _size(block)
    if current:
        parts.append(current)
    return parts


def _size(block: dict) -> int:
    if "text" in block:
        return len(block["text"]["text"])
    return sum(len(e.get("text", "")) for e in block.get("elements", []))


def _section(text: str) -> dict:
    if len(text) > MAX_TEXT:  # cut at a line end, so no link is cut in half
        end = text.rfind("\n", 0, MAX_TEXT - 1)
        text = text[: end if end > 0 else MAX_TEXT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, MAX_TEXT)}]}


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(url: str | None, text: str) -> str:
    label = _escape(" ".join(str(text).split())).replace("|", "¦")
    if not url:
        return label
    safe = url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"<{safe}|{label}>"


def _plain(text: str) -> str:
    return _cut(" ".join(text.split()), MAX_TEXT)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
