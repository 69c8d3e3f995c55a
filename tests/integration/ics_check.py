"""ics_check: an .ics file as samskab writes it (lib/ics), read strictly.

    sys.path.insert(0, os.environ["SAMSKAB_TOP"] + "/tests/integration")
    import ics_check
    events = ics_check.read(path)   # [{"UID": ..., "DTSTART": ...}, ...]

read() asserts RFC 5545's shape (CRLF line ends only, no line over 75
octets, one VCALENDAR; each VEVENT with UID, DTSTAMP, DTSTART, DTEND and
SUMMARY, its times in UTC) and returns each VEVENT's fields, unfolded and
still escaped. utc() reads one of its times.
"""
import re
from datetime import datetime, timezone


def read(path):
    raw = open(path, "rb").read()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "CRLF only"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    text = raw.decode().replace("\r\n ", "").split("\r\n")
    assert text[0] == "BEGIN:VCALENDAR" and text[-2] == "END:VCALENDAR", text
    events = []
    for i in [i for i, line in enumerate(text) if line == "BEGIN:VEVENT"]:
        block = text[i:text.index("END:VEVENT", i)]
        fields = dict(line.split(":", 1) for line in block[1:])
        for k in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert k in fields, k
        for k in ("DTSTAMP", "DTSTART", "DTEND"):
            assert re.fullmatch(r"\d{8}T\d{6}Z", fields[k]), fields[k]
        events.append(fields)
    return events


def utc(value):
    """A DTSTART's or DTEND's "20270328T010000Z" as an aware datetime."""
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
