"""Export → import into an empty database (same units, categories and users) → export: the same ledger."""

from __future__ import annotations

import io

from ledgers.exports import write_petition_ledger
from ledgers.imports import import_ledger
from petitions.models import Petition, PetitionEvent

from .conftest import TODAY, as_dicts, forget_all_items

NEW_ON_IMPORT = ("登记编号", "查询码")


def export(user) -> bytes:
    buffer = io.BytesIO()
    write_petition_ledger(Petition.objects.all(), user, buffer, unmasked=True, today=TODAY)
    return buffer.getvalue()


def comparable(content: bytes) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in NEW_ON_IMPORT} for row in as_dicts(content)]


def test_a_ledger_exported_unmasked_imports_back_to_the_same_ledger(registrar, items):
    first = export(registrar)
    states = {row["状态"] for row in as_dicts(first)}
    assert {"已登记", "当场答复", "不予受理", "已转送", "已交办", "办理中", "已答复", "复查中", "已终结"} <= states
    forget_all_items()
    assert Petition.objects.count() == 0

    result = import_ledger(io.BytesIO(first), user=registrar, today=TODAY)

    assert result.ok, result.errors
    assert len(result.petitions) == len(items)
    second = export(registrar)
    assert comparable(second) == comparable(first)
    old_codes = {row["查询码"] for row in as_dicts(first)}
    assert old_codes.isdisjoint(row["查询码"] for row in as_dicts(second))
    assert PetitionEvent.objects.filter(data__recorded_from_ledger=True).count() == PetitionEvent.objects.count()


def test_a_masked_export_does_not_import_silently(registrar, items):
    buffer = io.BytesIO()
    write_petition_ledger(Petition.objects.all(), registrar, buffer, today=TODAY)
    forget_all_items()
    result = import_ledger(io.BytesIO(buffer.getvalue()), user=registrar, today=TODAY)
    assert not result.ok
    assert {error.column for error in result.errors} == {"身份证号", "联系电话"}
    assert Petition.objects.count() == 0
