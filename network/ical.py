"""The meetings as an iCalendar feed (RFC 5545), written by hand: one VEVENT per dated
meeting, all-day events (DTEND is exclusive), with its place, URL and a stable UID."""

import datetime

from django.utils import timezone

PRODID = "-//ASEAN Smart Cities Network//ASCN Portal//EN"


def _escape(text):
    """TEXT value escaping (RFC 5545 section 3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines of at most 75 octets; continuations start with a space (section 3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def meetings_calendar(meetings, *, base_url, host):
    """The VCALENDAR text for `meetings` (those without a start date are left out)."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:ASEAN Smart Cities Network meetings",
    ]
    for meeting in meetings:
        if meeting.start_on is None:
            continue
        end = (meeting.end_on or meeting.start_on) + datetime.timedelta(days=1)
        url = base_url + meeting.get_absolute_url()
        description = f"{meeting.get_kind_display()}. {url}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.slug}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{meeting.start_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(meeting.name)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
        ]
        if meeting.place_label:
            lines.append(f"LOCATION:{_escape(meeting.place_label)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
