"""Permission and role checks live in onboarding/rules/ only (issue #24, item 6).

Built from the code, not from a list of offenders: every .py file under onboarding/ (outside
rules/ and migrations/) is parsed with `ast`, every template under templates/ is read, and any
permission or role check found is reported as `file:line: what`. What counts as a check:

- Django's permission and flag reads: `.has_perm`, `.has_perms`, `.get_all_permissions`,
  `.get_group_permissions`, `.get_user_permissions`, `.user_permissions`, `.is_staff`,
  `.is_superuser`, `.groups` (reads, lookups and writes alike: setting a flag or a group is
  role membership, which rules/roles.py owns), the same names as field strings or keyword
  lookups (`"is_staff"` in an admin's `list_display`, `groups__name=...`);
- anything taken from the old role modules outside rules/ (`onboarding.roles`,
  `onboarding.permissions`), and calls of the role checks of the roles module: its functions
  that answer yes or no (`-> bool`) from the person's permissions, found by reading it;
- in templates, an `{% if %}` / `{% elif %}` on `perms.`, `has_perm`, `is_staff`,
  `is_superuser`, `groups`, or on a variable named for a role (`is_manager`, `work.owner`):
  a template asks `{% allowed "<rule>" %}` or a `may_*` flag its view read from a rule.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "onboarding"
TEMPLATES = ROOT / "templates"
SKIPPED = {"rules", "migrations"}

PERMISSION_ATTRIBUTES = {
    "has_perm",
    "has_perms",
    "get_all_permissions",
    "get_group_permissions",
    "get_user_permissions",
    "user_permissions",
    "is_staff",
    "is_superuser",
    "groups",
}
OLD_ROLE_MODULES = {"onboarding.roles", "onboarding.permissions"}
PERMISSION_READS = {"get_all_permissions", "has_perm", "has_perms", "get_group_permissions"}


def module_of(rel: Path) -> tuple[str, bool]:
    """The dotted module of a file relative to the repository, and whether it is a package."""
    parts = list(rel.with_suffix("").parts)
    package = parts[-1] == "__init__"
    if package:
        parts.pop()
    return ".".join(parts), package


def resolve(rel: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ImportFrom names (relative imports resolved against the file)."""
    if not node.level:
        return node.module or ""
    module, package = module_of(rel)
    parts = module.split(".")
    base = parts[: len(parts) - node.level + (1 if package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def scanned_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not SKIPPED & set(path.relative_to(PACKAGE).parts[:-1])
    )


def _roles_modules() -> list[Path]:
    return [p for p in (PACKAGE / "roles.py", PACKAGE / "rules" / "roles.py") if p.exists()]


def role_checks() -> set[str]:
    """The roles module's yes/no answers about a person's permissions, read from its source:
    functions annotated `-> bool` that read the person's permissions, directly or by calling
    another such function."""
    checks: set[str] = set()
    for path in _roles_modules():
        tree = ast.parse(path.read_text())
        functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}

        def reads(fn, names):
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and node.attr in PERMISSION_READS:
                    return True
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in names:
                    return True
            return False

        found: set[str] = set()
        while True:
            more = {
                name
                for name, fn in functions.items()
                if name not in found
                and isinstance(fn.returns, ast.Name)
                and fn.returns.id == "bool"
                and reads(fn, found)
            }
            if not more:
                break
            found |= more
        checks |= found
    return checks


def _old_modules_imported_by_name(rel: Path, node: ast.ImportFrom) -> set[str]:
    """Old role modules named by `from .. import permissions, roles`."""
    target = resolve(rel, node)
    return {
        f"{target}.{alias.name}"
        for alias in node.names
        if f"{target}.{alias.name}" in OLD_ROLE_MODULES
    }


def python_hits(rel: Path, source: str, checks: set[str]) -> list[str]:
    tree = ast.parse(source, filename=str(rel))
    hits = []
    imported_checks: set[str] = set()  # role checks and names from the old role modules
    old_modules: set[str] = set()  # local names bound to an old role module
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and node.attr in PERMISSION_ATTRIBUTES:
            hits.append((line, f".{node.attr}"))
        elif isinstance(node, ast.keyword) and node.arg and _is_permission_field(node.arg):
            hits.append((line, f"lookup {node.arg}="))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _is_permission_field(node.value):
                hits.append((line, f"field {node.value!r}"))
        elif isinstance(node, ast.ImportFrom):
            target = resolve(rel, node)
            if target in OLD_ROLE_MODULES:
                names = ", ".join(a.name for a in node.names)
                hits.append((line, f"from {target} import {names}"))
                imported_checks |= {a.asname or a.name for a in node.names if a.name != "Role"}
            for old in sorted(_old_modules_imported_by_name(rel, node)):
                hits.append((line, f"import {old}"))
                old_modules |= {
                    a.asname or a.name for a in node.names if f"{target}.{a.name}" == old
                }
            if target.endswith(".roles"):
                imported_checks |= {a.asname or a.name for a in node.names if a.name in checks}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in OLD_ROLE_MODULES:
                    hits.append((line, f"import {alias.name}"))
                    if alias.asname:
                        old_modules.add(alias.asname)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in imported_checks:
            hits.append((node.lineno, f"role check {func.id}()"))
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (func.value.id in old_modules or (func.value.id == "roles" and func.attr in checks))
        ):
            hits.append((node.lineno, f"role check {func.value.id}.{func.attr}()"))
    return [f"{rel}:{line}: {what}" for line, what in sorted(hits)]


def _is_permission_field(text: str) -> bool:
    head = text.split("__")[0]
    return ("__" in text or text == head) and head in PERMISSION_ATTRIBUTES - {
        "has_perm",
        "has_perms",
        "get_all_permissions",
        "get_group_permissions",
        "get_user_permissions",
    }


def role_words() -> set[str]:
    """Words naming a role: from the roles module's Role values, plus the flags and 'reviewer'."""
    words = {"staff", "superuser", "reviewer"}
    for path in _roles_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.name == "Role":
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                        words |= set(stmt.value.value.lower().split())
    return words - {"addon", "service", "sres"}


CONDITION = re.compile(r"\{%-?\s*(?:el)?if\s+(.*?)-?%\}", re.S)
VARIABLE = re.compile(r"[A-Za-z_][\w.]*")
TEMPLATE_MARKERS = ("perms.", "has_perm", "is_staff", "is_superuser", "groups")


def template_hits(rel: Path, text: str, words: set[str]) -> list[str]:
    hits = []
    for match in CONDITION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        condition = match.group(1)
        for marker in TEMPLATE_MARKERS:
            if marker in condition:
                hits.append(f"{rel}:{line}: {match.group(0)}")
                break
        else:
            for variable in VARIABLE.findall(condition):
                last = variable.split(".")[-1]
                named = last[3:] if last.startswith("is_") else last
                if named in words:
                    hits.append(f"{rel}:{line}: {match.group(0)}")
                    break
    return hits


def all_hits() -> list[str]:
    checks = role_checks()
    hits = [
        hit
        for path in scanned_files()
        for hit in python_hits(path.relative_to(ROOT), path.read_text(), checks)
    ]
    words = role_words()
    hits += [
        hit
        for path in sorted(TEMPLATES.rglob("*.html"))
        for hit in template_hits(path.relative_to(ROOT), path.read_text(), words)
    ]
    return hits


def test_no_permission_or_role_check_outside_rules():
    hits = all_hits()
    assert not hits, (
        "Permission or role checks outside onboarding/rules/ (ask a rule instead):\n"
        + "\n".join(hits)
    )


# The scanner itself: each kind of check is found, and the rules' own way is not.


PROBE = Path("onboarding/views/probe.py")


def test_the_scanner_finds_flag_reads_lookups_fields_and_old_role_modules():
    hits = python_hits(
        PROBE,
        "from .. import permissions\n"
        "from ..roles import Role\n"
        "def f(request, users):\n"
        "    if request.user.is_staff or request.user.has_perm('x'):\n"
        "        return users.filter(groups__name='Addon SRE')\n"
        "    return ('is_superuser', permissions.is_manager(None, request.user))\n",
        role_checks(),
    )
    assert hits == [
        "onboarding/views/probe.py:1: import onboarding.permissions",
        "onboarding/views/probe.py:2: from onboarding.roles import Role",
        "onboarding/views/probe.py:4: .has_perm",
        "onboarding/views/probe.py:4: .is_staff",
        "onboarding/views/probe.py:5: lookup groups__name=",
        "onboarding/views/probe.py:6: field 'is_superuser'",
        "onboarding/views/probe.py:6: role check permissions.is_manager()",
    ]


def test_the_scanner_finds_calls_of_the_role_checks_but_not_of_rules():
    assert "holds" in role_checks()
    hits = python_hits(
        PROBE,
        "from ..rules import RULES, pages\n"
        "from ..rules import roles\n"
        "from ..rules.roles import PERM, holds\n"
        "def f(user, addon):\n"
        "    return RULES['review.sign_off'].allows(user, addon) and pages.admin.allows(user, None)\n"
        "def g(user):\n"
        "    return holds(user, PERM['own_addon']) or roles.holds(user, PERM['review_addon'])\n",
        role_checks(),
    )
    assert hits == [
        "onboarding/views/probe.py:7: role check holds()",
        "onboarding/views/probe.py:7: role check roles.holds()",
    ]


def test_the_scanner_finds_role_conditions_in_templates_but_not_rule_flags():
    hits = template_hits(
        Path("templates/probe.html"),
        "{% if user.is_staff %}a{% endif %}\n"
        "{% if perms.onboarding.own_addon %}b{% endif %}\n"
        "{% if is_manager %}c{% elif work.owner %}d{% endif %}\n"
        "{% if may_admin and addon.sre_lead %}e{% endif %}\n"
        '{% allowed "addon.intake_create" as may_file %}{% if may_file %}f{% endif %}\n',
        role_words(),
    )
    assert [hit.split(": ")[0] for hit in hits] == [
        "templates/probe.html:1",
        "templates/probe.html:2",
        "templates/probe.html:3",
        "templates/probe.html:3",
    ]
