/**
 * `app/view_kinds.py` of the generated backend: grouping rows, picking the
 * rows of some days, and who owes whom.
 *
 * @module
 */

/** `backend/app/view_kinds.py`. */
export const VIEW_KINDS_MODULE = String
  .raw`"""How computed views are made: groups, schedules and balances."""
from datetime import date, timedelta
from typing import Any

Rows = list[dict[str, Any]]


def bucket(value: Any, size: str | None) -> Any:
    """A date's day (YYYY-MM-DD), ISO week (YYYY-Www), month (YYYY-MM) or
    year (YYYY); other values as they are."""
    if value is None or size is None:
        return value
    day = date.fromisoformat(str(value)[:10])
    if size == "day":
        return day.isoformat()
    if size == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if size == "month":
        return day.isoformat()[:7]
    return day.isoformat()[:4]


def measure(rows: Rows, op: str, field: str | None) -> Any:
    """count, or sum/avg/max of a field over rows."""
    if op == "count":
        return len(rows)
    values = [row[field] for row in rows if field and row.get(field) is not None]
    if op == "sum":
        return round(sum(values), 2)
    if not values:
        return None
    if op == "avg":
        return round(sum(values) / len(values), 2)
    return max(values)


def none_last(value: Any) -> tuple[bool, Any]:
    """A sort key putting None after every value."""
    return value is None, 0 if value is None else value


def group_rows(
    rows: Rows,
    by: list[tuple[str, str | None]],
    op: str,
    field: str | None,
    labels: dict[str, dict[int, Any]],
    order: tuple[str, str] | None = None,
) -> Rows:
    """One row per distinct key, with its total and count, each relation
    key with its display name as <key>_label."""
    groups: dict[tuple[Any, ...], Rows] = {}
    for row in rows:
        key = tuple(bucket(row.get(name), size) for name, size in by)
        groups.setdefault(key, []).append(row)
    out: Rows = []
    for key, members in groups.items():
        group: dict[str, Any] = {}
        for (name, _), value in zip(by, key):
            group[name] = value
            if name in labels:
                group[f"{name}_label"] = labels[name].get(value)
        group["total"] = measure(members, op, field)
        group["count"] = len(members)
        out.append(group)
    if order is None:
        names = [name for name, _ in by]
        return sorted(out, key=lambda g: [none_last(g[n]) for n in names])
    column, direction = order
    present = [g for g in out if g.get(column) is not None]
    missing = [g for g in out if g.get(column) is None]
    present.sort(key=lambda g: g[column], reverse=direction == "desc")
    return present + missing


def in_days(rows: Rows, field: str, start: date, days: int, then: str | None) -> Rows:
    """The rows whose date falls in the days from start, by date then time."""
    first, last = start.isoformat(), (start + timedelta(days=days)).isoformat()
    found = [
        row for row in rows
        if row.get(field) is not None and first <= str(row[field])[:10] < last
    ]
    return sorted(
        found,
        key=lambda row: (str(row[field]), str(row.get(then) or "") if then else "", row["id"]),
    )


def balances(
    members: Rows,
    name: str,
    expenses: Rows,
    payer: str,
    amount: str,
    split: str,
    payments: Rows,
    payment_from: str,
    payment_to: str,
    payment_amount: str,
) -> dict[str, Any]:
    """Who paid what, their share, what they are owed (net), and the fewest
    transfers that settle everyone."""
    members = sorted(members, key=lambda member: member["id"])
    ids = [member["id"] for member in members]
    paid = {member_id: 0.0 for member_id in ids}
    share = {member_id: 0.0 for member_id in ids}
    sent = {member_id: 0.0 for member_id in ids}
    for expense in expenses:
        value = float(expense.get(amount) or 0)
        if expense.get(payer) in paid:
            paid[expense[payer]] += value
        among = [m for m in expense.get(split) or [] if m in share] or ids
        for member_id in among:
            share[member_id] += value / len(among)
    for payment in payments:
        value = float(payment.get(payment_amount) or 0)
        if payment.get(payment_from) in sent:
            sent[payment[payment_from]] += value
        if payment.get(payment_to) in sent:
            sent[payment[payment_to]] -= value
    names = {member["id"]: member.get(name) for member in members}
    lines = []
    for member_id in ids:
        net = paid[member_id] - share[member_id] + sent[member_id]
        lines.append(
            {
                "member_id": member_id,
                "name": names[member_id],
                "paid": round(paid[member_id], 2),
                "share": round(share[member_id], 2),
                "net": round(net, 2),
            }
        )
    return {"balances": lines, "transfers": transfers(lines, names)}


def transfers(lines: Rows, names: dict[int, Any]) -> Rows:
    """The fewest transfers, largest first, that bring every net to 0."""
    owed = sorted(
        ([line["net"], line["member_id"]] for line in lines if line["net"] > 0.005),
        key=lambda item: (-item[0], item[1]),
    )
    owing = sorted(
        ([-line["net"], line["member_id"]] for line in lines if line["net"] < -0.005),
        key=lambda item: (-item[0], item[1]),
    )
    out: Rows = []
    while owed and owing:
        credit, debt = owed[0], owing[0]
        value = round(min(credit[0], debt[0]), 2)
        out.append(
            {
                "from_id": debt[1],
                "from": names[debt[1]],
                "to_id": credit[1],
                "to": names[credit[1]],
                "amount": value,
            }
        )
        credit[0] -= value
        debt[0] -= value
        if credit[0] <= 0.005:
            owed.pop(0)
        if debt[0] <= 0.005:
            owing.pop(0)
    return out
`;
