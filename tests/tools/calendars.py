#!/usr/bin/env python3
"""Read every iCalendar file of a built site as a calendar application would, with the
`icalendar` package from PyPI (a parser plenary's authors did not write), and check what
RFC 5545 asks of the file itself: CRLF line ends, lines folded at 75 octets, one VCALENDAR
with VERSION and PRODID, and in each event UID (unique in the file), DTSTAMP and DTSTART.

Usage: calendars.py FOLDER [ZONE]
Prints one JSON object: relative path -> list of events, each with its uid, summary,
location, description, url, and start/end as the application shows them: dates for
all-day events, else local times in ZONE (an IANA name, default UTC), ISO 8601.
Exits 1, naming the file and the problem, on the first file that breaks a rule.
"""

import json
import pathlib
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar


def fail(path, message):
    print(f"{path}: {message}", file=sys.stderr)
    sys.exit(1)


def shown(value, zone):
    """A DTSTART/DTEND as an application lays it out: a day, or a local time in `zone`."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a floating time: applications would guess its zone")
        return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    raise ValueError(f"not a date or time: {value!r}")


def read(path, zone):
    raw = path.read_bytes()
    if not raw.endswith(b"\r\n"):
        fail(path, "does not end with CRLF")
    for number, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            fail(path, f"line {number}: a bare line break")
        if len(line) > 75:
            fail(path, f"line {number}: {len(line)} octets, more than 75")
        line.decode("utf-8")
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except Exception as error:  # the parser's own message is the point
        fail(path, f"icalendar cannot parse it: {error}")
    for required in ("VERSION", "PRODID"):
        if required not in calendar:
            fail(path, f"no {required}")
    events, uids = [], set()
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if required not in event:
                fail(path, f"an event without {required}")
        uid = str(event["UID"])
        if uid in uids:
            fail(path, f"UID {uid} twice")
        uids.add(uid)
        try:
            start = shown(event.decoded("DTSTART"), zone)
            end = shown(event.decoded("DTEND"), zone) if "DTEND" in event else None
        except ValueError as error:
            fail(path, f"event {uid}: {error}")
        events.append(
            {
                "uid": uid,
                "summary": str(event.get("SUMMARY", "")),
                "location": str(event.get("LOCATION", "")),
                "description": str(event.get("DESCRIPTION", "")),
                "url": str(event.get("URL", "")),
                "start": start,
                "end": end,
                "transparent": str(event.get("TRANSP", "OPAQUE")) == "TRANSPARENT",
            }
        )
    return events


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    folder = pathlib.Path(sys.argv[1])
    zone = ZoneInfo(sys.argv[2] if len(sys.argv) == 3 else "UTC")
    files = sorted(folder.rglob("*.ics"))
    if not files:
        fail(folder, "no .ics file")
    report = {str(p.relative_to(folder)): read(p, zone) for p in files}
    print(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
