"""schemathesis hooks for tests/api/openapi.rs (loaded through SCHEMATHESIS_HOOKS).

Three rules of the contract cannot be stated in JSON Schema, so the document
gives them in prose and a schema-valid request may break them: one `users`
list names an email at most once, ignoring case; an events range does not end
before it starts; a chosen `expires_at` (create, PATCH) is a real time in the
future and at most 90 days ahead, and null only for enterprise. A 422
"schema-valid request rejected" is forgiven when the request did break such a
rule and every error the server reported is that rule's; any other failure
stands.
"""

import re
import time

import schemathesis


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 422:
        return True
    try:
        locs = [tuple(error["loc"]) for error in response.json()["detail"]]
    except (ValueError, KeyError, TypeError):
        return True
    if repeats_an_email(case.body) and all(is_email_loc(loc) for loc in locs):
        return False
    if ends_before_it_starts(case.query) and all(loc == ("query", "until") for loc in locs):
        return False
    if not_a_chosen_expiry(case.body) and all(loc == ("body", "expires_at") for loc in locs):
        return False
    return True


MAX_EXPIRY_SECONDS = 90 * 86400


def not_a_chosen_expiry(body):
    """Whether the body's `expires_at` breaks the rule whatever the tier: not a
    calendar time in the next 90 days; or null, which only enterprise may have."""
    if not (isinstance(body, dict) and "expires_at" in body):
        return False
    at = instant(body["expires_at"]) if is_calendar_time(body["expires_at"]) else None
    now = time.time()
    return at is None or not (now < at <= now + MAX_EXPIRY_SECONDS)


def is_calendar_time(text):
    """Whether an RFC 3339 timestamp names a day, hour and minute that exist."""
    match = RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    if not 1 <= month <= 12 or hour > 23 or minute > 59 or second > 60:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    offset_ok = match.group(8) is None or (int(match.group(9)) <= 23 and int(match.group(10)) <= 59)
    return 1 <= day <= days and offset_ok


def repeats_an_email(body):
    users = body.get("users") if isinstance(body, dict) else None
    if not isinstance(users, list):
        return False
    emails = [user["email"].lower() for user in users if isinstance(user, dict) and isinstance(user.get("email"), str)]
    return len(set(emails)) < len(emails)


def is_email_loc(loc):
    return len(loc) == 4 and loc[:2] == ("body", "users") and loc[3] == "email"


def ends_before_it_starts(query):
    if not (isinstance(query, dict) and "since" in query and "until" in query):
        return False
    since, until = instant(query["since"]), instant(query["until"])
    return since is not None and until is not None and until < since


RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))")


def instant(text):
    """Seconds since 1970 of an RFC 3339 timestamp (any year, unlike datetime), or None."""
    match = RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    # Days from civil (H. Hinnant): a proleptic Gregorian day number for any year.
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days = era * 146097 + day_of_era - 719468
    offset = 0
    if match.group(8):
        offset = (int(match.group(9)) * 60 + int(match.group(10))) * 60
        offset = offset if match.group(8) == "+" else -offset
    fraction = float(match.group(7) or 0)
    return days * 86400 + hour * 3600 + minute * 60 + second + fraction - offset
