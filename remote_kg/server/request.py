"""Reading a request's parts strictly: its parameters as UTF-8, the headers that must
come once, and the one-line wording of the refusals http.server makes itself."""

from __future__ import annotations

from email.message import Message
from urllib.parse import parse_qs

# Headers whose repetition makes the request ambiguous: where the body ends, what it is,
# which site sent it, which host it is for.
SINGLE_HEADERS = ("Host", "Content-Length", "Transfer-Encoding", "Content-Type", "Origin",
                  "Sec-Fetch-Site")
SHOWN_CHARACTERS = 60  # of a malformed request line quoted in a refusal


class HttpError(Exception):
    """Stop handling a request and answer ``status`` with a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def repeated_header(headers: Message) -> str | None:
    """The first of SINGLE_HEADERS the request sends more than once, if any."""
    return next((name for name in SINGLE_HEADERS if len(headers.get_all(name) or []) > 1),
                None)


def form_params(text: str, where: str) -> dict[str, list[str]]:
    """``name=value&...`` (percent-encoded UTF-8) as {name: [values]}; a value that is not
    UTF-8 once percent-decoded is refused (400), never run with U+FFFD in its place."""
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        shown = exc.object.decode("utf-8", "backslashreplace")
        if len(shown) > SHOWN_CHARACTERS:
            shown = shown[:SHOWN_CHARACTERS] + "..."
        raise HttpError(400, f"{where} is not UTF-8 once percent-decoded: '{shown}' "
                             f"(percent-encode the UTF-8 bytes of the text)") from exc


def url_params(query: str) -> dict[str, list[str]]:
    """The parameters of a request target's query string. http.server reads the request
    line as Latin-1, so raw bytes above 127 are turned back into bytes and must be UTF-8
    too (as `curl` sends an unencoded query)."""
    try:
        text = query.encode("latin-1").decode("utf-8")
    except UnicodeError as exc:
        raise HttpError(400, "the URL's query string is not UTF-8 (percent-encode the UTF-8 "
                             "bytes of the text)") from exc
    return form_params(text, "the URL's query string")


def base_refusal(code: int, message: str | None, explain: str | None) -> str:
    """One line for a refusal http.server makes before routing (the request line or the
    headers are malformed or over its limits)."""
    if code == 414:
        return ("the request line (method, URL and version) is over 65536 bytes; send a "
                "long query in a POST body")
    if code == 431:
        if message == "Too many headers":
            return "the request has more than 100 header lines"
        return "a header line is over 65536 bytes"
    text = " ".join((message or explain or f"HTTP error {code}").split())
    if len(text) > SHOWN_CHARACTERS * 2:
        text = text[:SHOWN_CHARACTERS * 2] + "..."
    return f"not an HTTP request this server can read: {text}" if code == 400 else text
