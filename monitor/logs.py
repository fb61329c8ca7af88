"""Log lines that say what happened: `event key=value ...` for people, one JSON object for shippers."""

import json
import logging
import sys

from monitor import clock

LOGGER = logging.getLogger("monitor")


def configure(log_format: str = "text", level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Our own lines say what each job did; APScheduler's would repeat them, or warn of a crawl
    # that outlasts its interval (then the next run is skipped, which is what we want).
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def event(name: str, level: int = logging.INFO, **fields) -> None:
    """Log one event with its fields, e.g. event("crawl", source="nist-news", new=3)."""
    LOGGER.log(level, name, extra={"fields": fields})


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {})
        pairs = " ".join(f"{k}={_text(v)}" for k, v in fields.items() if v is not None)
        line = f"{clock.iso(clock.now())} {record.levelname:<7} {record.getMessage()} {pairs}".rstrip()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": clock.iso(clock.now()), "level": record.levelname.lower(), "event": record.getMessage(),
                 "logger": record.name, **getattr(record, "fields", {})}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def _text(value) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text
