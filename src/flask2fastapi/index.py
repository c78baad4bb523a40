"""The project-wide facts, collected in one read-only pass before any file is transformed.

Conversions of one file often depend on another: ``views.py`` decorates with an ``app``
imported from the package, or ``app.py`` registers view functions that live in
``handlers.py``. The index records those facts for the whole project so that a rule
never re-reads another file. It is built with the standard library's :mod:`ast`
(an order of magnitude cheaper than libcst) and is a small picklable pydantic model,
handed once to each worker process.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from pydantic import BaseModel, Field, PrivateAttr

from flask2fastapi.request_helpers import name_references, request_readers

ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete"})
# Flask, Werkzeug and the Flask extensions (``flask_*``), by their top-level names
FRAMEWORKS = ("flask", "werkzeug")
# An import that the project's own module of a framework's name answers (its
# ``flask.py``) is recorded under this prefix, which no rule takes for the framework
LOCAL_PREFIX = "<project>."


def is_framework_name(head: str) -> bool:
    """Whether a top-level module name is Flask's, Werkzeug's or a Flask extension's."""
    return head in FRAMEWORKS or head.startswith("flask_")


class RouteFact(BaseModel):
    """A route registered in a module, by decorator or ``add_url_rule``."""

    owner: str  # the local name of the app or blueprint object
    rule: str | None
    methods: list[str] | None = None
    endpoint: str | None = None
    view: str | None = None  # dotted local name of the view function
    line: int
    via: str = "decorator"  # or "add_url_rule"
    class_view: bool = False  # ``view`` is a class registered with ``Cls.as_view(...)``
    dynamic_methods: bool = False  # ``methods=`` is not a literal list


HTTP_METHODS = ("get", "post", "put", "patch", "delete")


class ViewClassFact(BaseModel):
    """A ``MethodView`` or ``View`` subclass."""

    name: str
    kind: str  # "method" (MethodView: a function per HTTP method) or "view" (dispatch_request)
    # the view functions (get, post, ... or dispatch_request) -> the class that defines each
    methods: dict[str, str] = Field(default_factory=dict)
    ancestors: list[str] = Field(default_factory=list)  # view classes of the module it extends
    allowed: list[str] | None = None  # the class's ``methods = [...]``, upper case
    decorators: list[str] | None = None  # ``decorators = [a, b]``, dotted names
    has_decorators: bool = False  # a ``decorators`` attribute, literal or not
    resource: bool = False  # a Flask-RESTful / Flask-RESTX Resource: returns are JSON
    line: int


class AsViewFact(BaseModel):
    """``var = Cls.as_view("endpoint", ...)``."""

    view_class: str  # dotted local name
    endpoint: str | None


class BlueprintFact(BaseModel):
    var: str
    name: str | None
    url_prefix: str | None = None
    template_folder: str | None = None  # relative to the blueprint's module folder
    line: int


class RegistrationFact(BaseModel):
    owner: str
    blueprint: str  # dotted local name
    url_prefix: str | None = None
    line: int


class ModuleFacts(BaseModel):
    path: str
    module: str
    mentions_flask: bool = False
    sets_secret_key: bool = False  # ``app.secret_key = ...`` / ``app.config["SECRET_KEY"] = ...``
    has_static_dir: bool = False  # a ``static/`` folder beside the module
    uses_config: bool = False  # ``<name>.config`` appears (``app.config``, ``current_app.config``)
    # the Flask() folders, relative to the module's folder ("" when disabled or computed)
    template_folder: str = "templates"
    static_folder: str = "static"
    static_url_path: str | None = None
    imports: dict[str, str] = Field(default_factory=dict)  # local name -> qualified name
    apps: list[str] = Field(default_factory=list)
    # ``route = app.route``: a local name for an app's or blueprint's route decorator
    route_aliases: dict[str, str] = Field(default_factory=dict)
    fastapi_apps: list[str] = Field(default_factory=list)  # already converted, or never Flask
    factories: list[str] = Field(default_factory=list)
    blueprints: list[BlueprintFact] = Field(default_factory=list)
    routes: list[RouteFact] = Field(default_factory=list)
    registrations: list[RegistrationFact] = Field(default_factory=list)
    functions: list[str] = Field(default_factory=list)
    # ``app = create_app()``: variable -> dotted local name of the function called
    calls: dict[str, str] = Field(default_factory=dict)
    # decorators whose wrapper reads Flask's request: decorator -> the wrapper's **kwargs name
    request_decorators: dict[str, str] = Field(default_factory=dict)
    view_classes: dict[str, ViewClassFact] = Field(default_factory=dict)
    as_views: dict[str, AsViewFact] = Field(default_factory=dict)  # module-level variables
    # ``api = Api(app)`` (Flask-RESTful/RESTX): variable -> the app or blueprint it serves
    apis: dict[str, str] = Field(default_factory=dict)
    api_other_uses: bool = False  # an Api variable is used for more than add_resource()
    login_managers: list[str] = Field(default_factory=list)  # ``x = LoginManager(...)``
    login_view: str | None = None  # ``x.login_view = "auth.login"``
    # imports Flask-Login's login_required or current_user (handlers may need the stub)
    uses_login: bool = False
    renders_templates: bool = False  # imports flask.render_template
    # module-level functions -> their positional parameter names
    parameters: dict[str, list[str]] = Field(default_factory=dict)
    # ``init_db(app)``: calls handing an app to a function (dotted callee, position)
    app_arguments: list[tuple[str, int]] = Field(default_factory=list)
    # helpers that read the request in ways a ``request: Request`` argument answers
    request_readers: list[str] = Field(default_factory=list)


class ExternalView(BaseModel):
    """A function of this module registered as a view by another module."""

    function: str
    rules: list[str]
    registered_in: str


class ProjectIndex(BaseModel):
    modules: dict[str, ModuleFacts] = Field(default_factory=dict)  # the Flask modules
    known: set[str] = Field(default_factory=set)  # every module of the project
    # helpers that take ``request: Request`` although other modules call them: module ->
    # helper names, and module -> the local names under which it calls such helpers
    shared_helpers: dict[str, set[str]] = Field(default_factory=dict)
    shared_helper_calls: dict[str, set[str]] = Field(default_factory=dict)
    # module -> its functions (not views) that return ``(body, status)`` tuples
    tuple_helpers: dict[str, set[str]] = Field(default_factory=dict)
    # Flask kept as a host for what is not converted (``--no-bridge`` turns it off), and
    # whether the project needs it (decided once the files are converted: see runner)
    bridge: bool = True
    host: bool = False
    # test methods (any test module) that return a test client's response: ``self.login()``
    test_response_helpers: set[str] = Field(default_factory=set)
    # ``self.app`` and the like that a test base class sets to the app (``create_app()``)
    test_app_attributes: set[str] = Field(default_factory=set)
    # the oldest Python the converted code must run on (see target.py)
    target: tuple[int, int] = (3, 8)
    _external: dict[str, dict[str, ExternalView]] | None = PrivateAttr(default=None)
    _resolved: dict[str, str | None] = PrivateAttr(default_factory=dict)
    _importers: dict[str, set[str]] | None = PrivateAttr(default=None)
    _class_views: dict[str, dict[str, list[str]]] | None = PrivateAttr(default=None)
    _parents: dict[tuple[str, str], tuple[str, str]] | None = PrivateAttr(default=None)
    _framework_named: frozenset[str] | None = PrivateAttr(default=None)

    def clear_caches(self) -> None:
        """Forget what was derived from ``modules``: call after adding modules."""
        self._external = self._importers = self._class_views = self._parents = None

    def resolve_module(self, dotted: str) -> str | None:
        """The project module a dotted import path names (suffix match, for src layouts)."""
        dotted = dotted.removeprefix(LOCAL_PREFIX)
        if dotted in self.known or dotted in self.modules:
            return dotted
        if dotted not in self._resolved:
            matches = [m for m in self.known if m.endswith("." + dotted)]
            self._resolved[dotted] = matches[0] if len(matches) == 1 else None
        return self._resolved[dotted]

    def shadowed_frameworks(self, rel_path: str) -> frozenset[str]:
        """The framework names that the project's own modules take in the absolute
        imports of the file ``rel_path``: see :func:`shadowed_frameworks`."""
        if self._framework_named is None:
            self._framework_named = frozenset(
                m for m in self.known if is_framework_name(m.rpartition(".")[2])
            )
        if not self._framework_named:
            return frozenset()
        return shadowed_frameworks(rel_path, self.known, self._framework_named)

    def _resolve_attr(self, qualified: str) -> tuple[str, str] | None:
        """(module, attribute) for ``pkg.module.attribute``, if the module is the project's."""
        module, _, attr = qualified.rpartition(".")
        key = self.resolve_module(module) if module else None
        return (key, attr) if key is not None else None

    def _definition(self, qualified: str) -> tuple[str, str] | None:
        """(module, name) where ``pkg.module.name`` is defined, following re-exports
        (``from .views import bp`` in a package's ``__init__.py``) through the indexed
        modules; None when the module is not the project's."""
        target = self._resolve_attr(qualified)
        seen: set[tuple[str, str]] = set()
        while target is not None and target not in seen:
            seen.add(target)
            facts = self.modules.get(target[0])
            if facts is None or target[1] in _defined(facts):
                return target
            imported = facts.imports.get(target[1])
            following = self._resolve_attr(imported) if imported else None
            if following is None:
                return target
            target = following
        return target

    def _is_app(self, module: str, name: str) -> bool:
        """Whether ``name``, defined in ``module``, is a Flask app (``Flask()`` or a
        module-level ``create_app()`` result)."""
        facts = self.modules.get(module)
        if facts is None:
            return False
        if name in facts.apps:
            return True
        callee = facts.calls.get(name)
        if callee is None:
            return False
        if "." not in callee and callee in facts.factories:
            return True
        qualified = _qualify(callee, facts.imports)
        target = self._definition(qualified) if qualified else None
        there = self.modules.get(target[0]) if target else None
        return bool(target and there and target[1] in there.factories)

    def app_names(self, module: str) -> set[str]:
        """Local names in ``module`` that refer to a Flask application object."""
        facts = self.modules.get(module)
        if facts is None:
            return set()
        names = set(facts.apps)
        for local, qualified in facts.imports.items():
            target = self._definition(qualified)
            if target and self._is_app(*target):
                names.add(local)
        names.update(variable for variable in facts.calls if self._is_app(module, variable))
        return names

    def factory_names(self, module: str) -> set[str]:
        """Local names in ``module`` that refer to an app factory of the project."""
        facts = self.modules.get(module)
        if facts is None:
            return set()
        names = set(facts.factories)
        for local, qualified in facts.imports.items():
            target = self._definition(qualified)
            there = self.modules.get(target[0]) if target else None
            if target and there and target[1] in there.factories:
                names.add(local)
        return names

    def flask_objects(self, module: str) -> set[str]:
        """The names of ``module`` (defined or imported) that hold Flask objects of the
        project: apps, app factories, blueprints, class-based views, Flask-RESTful APIs,
        login managers and decorators that read the request."""
        facts = self.modules.get(module)
        if facts is None:
            return set()
        names = self.app_names(module) | self.factory_names(module)
        names.update(local for local in self.blueprints_in(module) if "." not in local)
        names.update(facts.view_classes, facts.apis, facts.login_managers)
        names.update(self.request_decorators(module))
        for local, qualified in facts.imports.items():
            target = self._definition(qualified)
            there = self.modules.get(target[0]) if target else None
            if target and there and target[1] in (*there.view_classes, *there.apis):
                names.add(local)
        return names

    def uses_flask_objects(self, facts: ModuleFacts, objects: dict[str, set[str]]) -> bool:
        """Whether a module (not indexed yet) imports one of the Flask ``objects`` (module
        -> names, from :meth:`flask_objects`), or a module that holds some."""
        for qualified in facts.imports.values():
            if self.resolve_module(qualified) in objects:
                return True  # ``from . import auth`` then ``auth.bp``
            target = self._definition(qualified)
            if target is not None and target[1] in objects.get(target[0], ()):
                return True
        return False

    def _view_class_at(self, module: str, local: str) -> tuple[str, ViewClassFact] | None:
        facts = self.modules.get(module)
        if facts is None:
            return None
        if local in facts.view_classes:
            return module, facts.view_classes[local]
        qualified = _qualify(local, facts.imports)
        target = self._definition(qualified) if qualified else None
        there = self.modules.get(target[0]) if target else None
        if target and there and target[1] in there.view_classes:
            return target[0], there.view_classes[target[1]]
        return None

    def handler_names(self, module: str) -> set[str]:
        """Functions of ``module`` that serve routes (by decorator or add_url_rule)."""
        facts = self.modules.get(module)
        if facts is None:
            return set()
        routers = self.app_names(module) | set(self.blueprints_in(module))
        names = {
            route.view
            for route in facts.routes
            if route.owner in routers and route.view and "." not in route.view
        }
        return names | set(self.external_views(module))

    def plan_shared_helpers(
        self, trees: dict[str, ast.Module], outside_index: dict[str, bytes]
    ) -> None:
        """Find the helpers other modules call only from their route handlers: they can
        take the request from those callers. ``trees`` are the indexed modules' ``ast``
        (by path); ``outside_index`` holds the text of the project files the index did not
        read: a helper they mention is left alone."""
        candidates = {(m, h) for m, facts in self.modules.items() for h in facts.request_readers}
        if not candidates:
            return
        # who imports what: (module, name) -> [(importer, local)]; modules imported whole
        by_name: dict[tuple[str, str], list[tuple[str, str]]] = {}
        whole: set[str] = set()
        for other in self.modules.values():
            for local, qualified in other.imports.items():
                imported = self.resolve_module(qualified)
                if imported is not None:
                    whole.add(imported)
                    continue
                target = self._resolve_attr(qualified)
                if target in candidates:
                    by_name.setdefault(target, []).append((other.module, local))
                elif "." not in qualified:
                    whole.update(m for m in self.modules if m.split(".")[0] == qualified)
        for (module, helper), importers in sorted(by_name.items()):
            if module in whole:
                continue  # ``from pkg import utils``: it may call utils.helper(...)
            if not all(self._called_by_handlers(m, local, trees) for m, local in importers):
                continue
            own = trees.get(self.modules[module].path)
            if own is not None and not self._called_by_handlers(module, helper, trees, own=True):
                continue  # its own module also calls it from code that has no request
            pattern = re.compile(rb"\b" + re.escape(helper.encode()) + rb"\b")
            if any(pattern.search(text) for text in outside_index.values()):
                continue
            self.shared_helpers.setdefault(module, set()).add(helper)
            for importer, local in importers:
                self.shared_helper_calls.setdefault(importer, set()).add(local)

    def _called_by_handlers(
        self, module: str, local: str, trees: dict[str, ast.Module], own: bool = False
    ) -> bool:
        """Whether every reference to ``local`` in ``module`` is a direct call in a handler
        (``own``: the module that defines it, which need not call it at all)."""
        facts = self.modules[module]
        tree = trees.get(facts.path)
        if tree is None:
            return False
        references = name_references(tree, {local}).get(local, [])
        handlers = self.handler_names(module)
        return (own or bool(references)) and all(r in handlers for r in references)

    def app_parameters(self, module: str) -> set[str]:
        """Parameters of ``module``'s functions that other code hands the Flask app to
        (``def init_app(app)`` called as ``db.init_app(app)``): they hold the app."""
        facts = self.modules.get(module)
        if facts is None or not facts.parameters:
            return set()
        names: set[str] = set()
        for other in self.modules.values():
            for callee, position in other.app_arguments:
                if "." not in callee and other.module == module:
                    function = callee
                else:
                    qualified = _qualify(callee, other.imports)
                    target = self._resolve_attr(qualified) if qualified else None
                    if target is None or target[0] != module:
                        continue
                    function = target[1]
                params = facts.parameters.get(function, [])
                if position < len(params):
                    names.add(params[position])
        return names

    def view_class(self, module: str, local: str) -> ViewClassFact | None:
        """The class-based view that ``local`` names in ``module`` (defined or imported),
        if every registration of it can be converted."""
        found = self._view_class_at(module, local)
        if found is None or found[1].name not in self.class_view_rules(found[0]):
            return None
        return found[1]

    def class_view_rules(self, module: str) -> dict[str, list[str]]:
        """Classes of ``module`` registered as views (by any module) -> their URL rules.

        A class with one registration that cannot be converted (decorators that are not a
        literal list, ``methods=`` it does not serve or that is computed) is left out: it
        stays a Flask view everywhere, reported, rather than half converted."""
        if self._class_views is None:
            self._class_views = self._collect_class_views()
        return self._class_views.get(module, {})

    def _collect_class_views(self) -> dict[str, dict[str, list[str]]]:
        found: dict[str, dict[str, list[str]]] = {}
        refused: set[tuple[str, str]] = set()
        for other in self.modules.values():
            for route in other.routes:
                if not route.class_view or not route.view:
                    continue
                target = self._view_class_at(other.module, route.view)
                if target is None:
                    continue
                module, fact = target
                api_elsewhere = route.via == "add_resource" and other.api_other_uses
                if route.rule is None or api_elsewhere or not _servable(fact, route):
                    refused.add((module, fact.name))
                    continue
                found.setdefault(module, {}).setdefault(fact.name, []).append(route.rule)
        for module, name in refused:
            found.get(module, {}).pop(name, None)
        return found

    def external_views(self, module: str) -> dict[str, ExternalView]:
        """Functions defined in ``module`` that other modules register with add_url_rule."""
        if self._external is None:
            self._external = self._collect_external_views()
        return self._external.get(module, {})

    def _collect_external_views(self) -> dict[str, dict[str, ExternalView]]:
        found: dict[str, dict[str, ExternalView]] = {}
        for other in self.modules.values():
            for route in other.routes:
                if route.via != "add_url_rule" or not route.view or route.rule is None:
                    continue
                if route.class_view:
                    continue
                qualified = _qualify(route.view, other.imports)
                target = self._resolve_attr(qualified) if qualified else None
                if target is None or target[0] == other.module:
                    continue
                view = found.setdefault(target[0], {}).setdefault(
                    target[1],
                    ExternalView(function=target[1], rules=[], registered_in=other.path),
                )
                view.rules.append(route.rule)
        return found

    def blueprints_in(self, module: str) -> dict[str, BlueprintFact]:
        """Local names in ``module`` that refer to a Flask blueprint, with its facts; a
        nested blueprint's name is Flask's dotted one (``"parent.child"``)."""
        facts = self.modules.get(module)
        if facts is None:
            return {}
        found = {b.var: self._named(module, b) for b in facts.blueprints}
        for local, qualified in facts.imports.items():
            blueprint = self._blueprint_named(qualified)
            if blueprint is not None:
                found[local] = blueprint
            # ``from . import auth`` then ``auth.bp``: a module's blueprints by attribute,
            # those it defines and those it re-exports (``from .views import bp``)
            imported = self.resolve_module(qualified)
            there = self.modules.get(imported) if imported else None
            if imported and there:
                for fact in there.blueprints:
                    found[f"{local}.{fact.var}"] = self._named(imported, fact)
                for name, again in there.imports.items():
                    blueprint = self._blueprint_named(again)
                    if blueprint is not None:
                        found.setdefault(f"{local}.{name}", blueprint)
        return found

    def _blueprint_named(self, qualified: str) -> BlueprintFact | None:
        """The blueprint ``qualified`` names (re-exports followed), with its Flask name."""
        target = self._definition(qualified)
        there = self.modules.get(target[0]) if target else None
        if target is None or there is None:
            return None
        fact = next((b for b in there.blueprints if b.var == target[1]), None)
        return self._named(target[0], fact) if fact is not None else None

    def _blueprint_at(self, module: str, local: str) -> tuple[str, str] | None:
        """(module, variable) of the blueprint ``local`` names in ``module``."""
        facts = self.modules.get(module)
        if facts is None:
            return None
        if any(b.var == local for b in facts.blueprints):
            return module, local
        qualified = _qualify(local, facts.imports)
        target = self._definition(qualified) if qualified else None
        there = self.modules.get(target[0]) if target else None
        if target and there and any(b.var == target[1] for b in there.blueprints):
            return target
        return None

    def _named(self, module: str, blueprint: BlueprintFact) -> BlueprintFact:
        """The blueprint with the endpoint prefix Flask gives it when it is nested."""
        if self._parents is None:
            parents: dict[tuple[str, str], tuple[str, str]] = {}
            for other in self.modules.values():
                for registration in other.registrations:
                    parent = self._blueprint_at(other.module, registration.owner)
                    child = self._blueprint_at(other.module, registration.blueprint)
                    if parent is not None and child is not None:
                        parents[child] = parent
            self._parents = parents
        names = [blueprint.name]
        node = (module, blueprint.var)
        seen = {node}
        while node in self._parents and None not in names:
            node = self._parents[node]
            if node in seen:
                break
            seen.add(node)
            facts = self.modules[node[0]]
            names.append(next(b.name for b in facts.blueprints if b.var == node[1]))
        if len(names) == 1 or None in names:
            return blueprint
        return blueprint.model_copy(update={"name": ".".join(reversed(names))})  # type: ignore[arg-type]

    def request_decorators(self, module: str) -> dict[str, str]:
        """Local names in ``module`` of decorators whose wrapper reads Flask's request."""
        facts = self.modules.get(module)
        if facts is None:
            return {}
        found = dict(facts.request_decorators)
        for local, qualified in facts.imports.items():
            target = self._definition(qualified)
            there = self.modules.get(target[0]) if target else None
            if target and there and target[1] in there.request_decorators:
                found[local] = there.request_decorators[target[1]]
        return found

    @property
    def login_module(self) -> str | None:
        """The module that creates the LoginManager (where the login dependency goes)."""
        return next((m.module for m in self.modules.values() if m.login_managers), None)

    @property
    def login_view(self) -> str | None:
        return next((m.login_view for m in self.modules.values() if m.login_view), None)

    @property
    def renders_templates(self) -> bool:
        return any(m.renders_templates for m in self.modules.values())

    @property
    def uses_login_stub(self) -> bool:
        return any(m.uses_login for m in self.modules.values())

    def app_module(self, module: str) -> ModuleFacts | None:
        """The module creating the Flask app that ``module`` belongs to: the app whose
        folder holds it most closely (a repository may hold several apps), else the first."""
        apps = [m for _, m in sorted(self.modules.items()) if m.apps]
        here = self.modules.get(module)
        folder = PurePosixPath(here.path).parent if here is not None else None
        best: ModuleFacts | None = None
        depth = -1
        for app in apps:
            app_folder = PurePosixPath(app.path).parent
            holds = folder is not None and (folder == app_folder or app_folder in folder.parents)
            if holds and len(app_folder.parts) > depth:
                best, depth = app, len(app_folder.parts)
        return best or (apps[0] if apps else None)

    def support_module(self, module: str) -> str:
        """Where the web_compat support module of ``module``'s app goes: beside the app."""
        app = self.app_module(module)
        folder = str(PurePosixPath(app.path).parent) if app is not None else "."
        path = "web_compat.py" if folder == "." else f"{folder}/web_compat.py"
        return module_name(path)

    def template_folders(self, support: str) -> list[str]:
        """The template search path Flask used for the app beside ``support`` (the app's
        folder first, then blueprints' below it), relative to the support module's folder."""
        base = PurePosixPath(support.replace(".", "/")).parent
        app = next(
            (
                m
                for _, m in sorted(self.modules.items())
                if m.apps and PurePosixPath(m.path).parent == base
            ),
            None,
        )
        folders: list[str] = []
        if app is None or app.template_folder:
            folders.append(app.template_folder if app is not None else "templates")
        for facts in sorted(self.modules.values(), key=lambda m: m.path):
            where_module = PurePosixPath(facts.path).parent
            if where_module != base and base not in where_module.parents and base.parts:
                continue
            for blueprint in facts.blueprints:
                if blueprint.template_folder:
                    where = where_module / blueprint.template_folder
                    folders.append(_relative_path(where, base))
        return list(dict.fromkeys(folders))

    @property
    def uses_config(self) -> bool:
        """Whether some module reads or writes an app's ``config`` (the app gets a dict)."""
        return any(m.uses_config for m in self.modules.values())

    @property
    def has_secret_key(self) -> bool:
        """Whether some module of the project sets the app's secret key."""
        return any(m.sets_secret_key for m in self.modules.values())

    def imported_from(self, module: str) -> set[str]:
        """Names of ``module`` that other project modules import."""
        if self._importers is None:
            importers: dict[str, set[str]] = {}
            for other in self.modules.values():
                for qualified in other.imports.values():
                    target = self._resolve_attr(qualified)
                    if target is not None and target[0] != other.module:
                        importers.setdefault(target[0], set()).add(target[1])
            self._importers = importers
        return self._importers.get(module, set())

    def view_modules(self) -> set[str]:
        """Modules that define view functions registered from another module."""
        out: set[str] = set()
        for other in self.modules.values():
            for route in other.routes:
                if route.via == "add_url_rule" and route.view and not route.class_view:
                    qualified = _qualify(route.view, other.imports)
                    target = self._resolve_attr(qualified) if qualified else None
                    if target and target[0] != other.module:
                        out.add(target[0])
        return out


def _servable(fact: ViewClassFact, route: RouteFact) -> bool:
    """Whether a registration of a view class can become one route per view method."""
    if route.dynamic_methods or (fact.has_decorators and fact.decorators is None):
        return False
    if fact.kind == "view":
        return "dispatch_request" in fact.methods
    allowed = route.methods or fact.allowed
    return any(allowed is None or m.upper() in allowed for m in fact.methods)


def _relative_path(path: PurePosixPath, base: PurePosixPath) -> str:
    """``path`` relative to ``base`` (both relative to the project root), with ``..``."""
    parts, base_parts = list(path.parts), [p for p in base.parts if p != "."]
    parts = [p for p in parts if p != "."]
    common = 0
    while common < min(len(parts), len(base_parts)) and parts[common] == base_parts[common]:
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + parts[common:]) or "."


def import_path(current: str, is_package: bool, target: str) -> str:
    """How module ``current`` imports module ``target``: relative inside a package
    (``.web_compat``, ``..app``), absolute from a top-level module."""
    package = current.split(".") if is_package else current.split(".")[:-1]
    if not package:
        return target
    parts = target.split(".")
    common = 0
    while common < min(len(package), len(parts)) and package[common] == parts[common]:
        common += 1
    if common == 0:
        return target
    return "." * (len(package) - common + 1) + ".".join(parts[common:])


def _defined(facts: ModuleFacts) -> set[str]:
    """The names a module binds itself that the index knows about (not its imports)."""
    names = {*facts.apps, *facts.factories, *facts.functions, *facts.calls}
    names.update(b.var for b in facts.blueprints)
    names.update(facts.view_classes, facts.as_views, facts.apis, facts.login_managers)
    return names


def _qualify(dotted: str, imports: dict[str, str]) -> str | None:
    head, _, rest = dotted.partition(".")
    if head not in imports:
        return None
    return f"{imports[head]}.{rest}" if rest else imports[head]


def shadowed_frameworks(
    rel_path: str, known: set[str], candidates: frozenset[str] | None = None
) -> frozenset[str]:
    """The framework names (``flask``, ``werkzeug``, ``flask_*``) that the project's own
    modules take in the absolute imports of the file ``rel_path``: a ``flask.py`` or a
    ``flask/__init__.py`` in the folder Python puts first on ``sys.path`` for it (the
    folder above its outermost package; a script's own folder), or at the project's
    root, where the app is run from. A namespace folder ``flask/`` (no ``__init__.py``)
    does not hide the installed package. ``known``: the project's module names."""
    if candidates is None:
        candidates = frozenset(m for m in known if is_framework_name(m.rpartition(".")[2]))
    if not candidates:
        return frozenset()
    folders = PurePosixPath(rel_path).parent.parts
    top = len(folders)
    while top > 0 and ".".join(folders[:top]) in known:  # a package: its parent imports
        top -= 1
    root = ".".join(folders[:top])
    return frozenset(
        name
        for name in (m.rpartition(".")[2] for m in candidates)
        if name in candidates or (root and f"{root}.{name}" in candidates)
    )


def module_name(rel_path: str) -> str:
    """``pkg/sub/mod.py`` -> ``pkg.sub.mod``; ``pkg/__init__.py`` -> ``pkg``."""
    parts = list(PurePosixPath(rel_path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or "__init__"


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _methods(node: ast.expr | None) -> list[str] | None:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        values = [_str(e) for e in node.elts]
        if all(values):
            return [v.upper() for v in values if v]
    return None


def _kw(call: ast.Call, name: str, position: int | None = None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


class _Collector:
    """Walks statements only (imports, assignments, decorators, call statements):
    everything the index records is found at statement level, so expressions are
    never walked."""

    def __init__(self, facts: ModuleFacts, package: str, shadowed: frozenset[str]) -> None:
        self.facts = facts
        self.package = package
        self.shadowed = shadowed  # framework names the project's own modules take
        self.function_stack: list[ast.FunctionDef | ast.AsyncFunctionDef] = []

    def statements(self, body: list[ast.stmt]) -> None:
        for node in body:
            kind = type(node)
            if kind is ast.Expr:
                if isinstance(node.value, ast.Call):  # type: ignore[attr-defined]
                    self.visit_Call(node.value)  # type: ignore[attr-defined]
            elif kind is ast.Assign:
                self.visit_Assign(node)  # type: ignore[arg-type]
            elif kind is ast.AnnAssign:
                self.visit_AnnAssign(node)  # type: ignore[arg-type]
            elif kind is ast.Import:
                self.visit_Import(node)  # type: ignore[arg-type]
            elif kind is ast.ImportFrom:
                self.visit_ImportFrom(node)  # type: ignore[arg-type]
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                self._visit_function(node)  # type: ignore[arg-type]
            else:
                if kind is ast.ClassDef and not self.function_stack:
                    self._visit_class(node)  # type: ignore[arg-type]
                for name in ("body", "orelse", "finalbody"):
                    inner = getattr(node, name, None)
                    if isinstance(inner, list):
                        self.statements(inner)
                for part in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
                    self.statements(part.body)

    def _flask_name(self, node: ast.expr, *names: str) -> bool:
        dotted = _dotted(node)
        if dotted is None:
            return False
        qualified = _qualify(dotted, self.facts.imports)
        return qualified in {f"flask.{n}" for n in names}

    def _local(self, dotted: str) -> str:
        """An absolute import path as the index records it (the project's ``flask``)."""
        if self.shadowed and dotted.partition(".")[0] in self.shadowed:
            return LOCAL_PREFIX + dotted
        return dotted

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.facts.imports[alias.asname] = self._local(alias.name)
            else:
                head = alias.name.split(".")[0]
                self.facts.imports[head] = self._local(head)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.package.split(".") if self.package else []
            if node.level > 1:
                parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join([*parts, base] if base else parts)
        else:
            base = self._local(base)
        for alias in node.names:
            if alias.name == "*":
                continue
            self.facts.imports[alias.asname or alias.name] = (
                f"{base}.{alias.name}" if base else alias.name
            )
            if base == "flask_login" and alias.name in ("login_required", "current_user"):
                self.facts.uses_login = True
            if base == "flask" and alias.name in ("render_template", "render_template_string"):
                self.facts.renders_templates = True

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if not self.function_stack:
            self.facts.functions.append(node.name)
            self.facts.parameters[node.name] = [a.arg for a in node.args.args]
            wrapper = _request_wrapper(node, self.facts.imports)
            if wrapper is not None:
                self.facts.request_decorators[node.name] = wrapper
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Name)
                and decorator.func.id in self.facts.route_aliases
            ):  # ``@route("/x")`` after ``route = app.route``
                decorator = ast.Call(
                    func=ast.Attribute(
                        value=ast.Name(self.facts.route_aliases[decorator.func.id]),
                        attr="route",
                    ),
                    args=decorator.args,
                    keywords=decorator.keywords,
                    lineno=decorator.lineno,
                )
            if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute):
                owner = _dotted(decorator.func.value)
                method = decorator.func.attr
                if owner and method in ROUTE_DECORATORS:
                    methods = _methods(_kw(decorator, "methods"))
                    if method != "route":
                        methods = [method.upper()]
                    endpoint = _str(_kw(decorator, "endpoint"))
                    self.facts.routes.append(
                        RouteFact(
                            owner=owner,
                            rule=_str(_kw(decorator, "rule", 0)),
                            methods=methods,
                            endpoint=endpoint or node.name,
                            view=node.name,
                            line=decorator.lineno,
                        )
                    )
        self.function_stack.append(node)
        self.statements(node.body)
        self.function_stack.pop()
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Return)
                and isinstance(stmt.value, ast.Name)
                and stmt.value.id in self.facts.apps
                and node.name not in self.facts.factories
            ):
                self.facts.factories.append(node.name)

    def _visit_class(self, node: ast.ClassDef) -> None:
        kind = None
        resource = False
        inherited: ViewClassFact | None = None
        for base in node.bases:
            qualified = _qualify(_dotted(base) or "", self.facts.imports)
            if qualified in ("flask_restful.Resource", "flask_restx.Resource"):
                kind, resource = "method", True
            elif self._flask_name(base, "views.MethodView"):
                kind = "method"
            elif self._flask_name(base, "views.View"):
                kind = "view"
            elif isinstance(base, ast.Name) and base.id in self.facts.view_classes:
                inherited = self.facts.view_classes[base.id]
                kind = inherited.kind
        if kind is None:
            return
        fact = ViewClassFact(name=node.name, kind=kind, line=node.lineno, resource=resource)
        if inherited is not None:
            fact = inherited.model_copy(
                update={
                    "name": node.name,
                    "line": node.lineno,
                    "ancestors": [*inherited.ancestors, inherited.name],
                },
                deep=True,
            )
        wanted = HTTP_METHODS if kind == "method" else ("dispatch_request",)
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name in wanted:
                fact.methods[statement.name] = node.name
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name) and target.id == "methods":
                    fact.allowed = _methods(statement.value)
                elif isinstance(target, ast.Name) and target.id in (
                    "decorators",
                    "method_decorators",
                ):
                    fact.has_decorators = True
                    fact.decorators = None
                    if isinstance(statement.value, ast.List | ast.Tuple):
                        names = [_dotted(e) for e in statement.value.elts]
                        if all(names):
                            fact.decorators = [n for n in names if n]
        self.facts.view_classes[node.name] = fact

    def _assign(self, targets: list[ast.expr], value: ast.expr | None) -> None:
        if not isinstance(value, ast.Call):
            return
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        as_view = _as_view(value)
        if as_view is not None and not self.function_stack:
            for name in names:
                self.facts.as_views[name] = as_view
        qualified_callee = _qualify(_dotted(value.func) or "", self.facts.imports)
        if qualified_callee == "flask_login.LoginManager" and not self.function_stack:
            self.facts.login_managers.extend(names)
        if qualified_callee in ("flask_restful.Api", "flask_restx.Api") and not self.function_stack:
            owner = _dotted(_kw(value, "app", 0)) if _kw(value, "app", 0) is not None else None
            for name in names:
                if owner is not None:
                    self.facts.apis[name] = owner
        callee = _dotted(value.func)
        if callee and not self.function_stack:
            for name in names:
                self.facts.calls[name] = callee
        if self._flask_name(value.func, "Flask"):
            self.facts.apps.extend(n for n in names if n not in self.facts.apps)
            for option in ("template_folder", "static_folder", "static_url_path"):
                given = _kw(value, option)
                if given is not None:  # a literal, or "" for None / not a literal
                    setattr(self.facts, option, _str(given) or "")
        elif _qualify(callee or "", self.facts.imports) in ("fastapi.FastAPI", "fastapi.APIRouter"):
            self.facts.fastapi_apps.extend(names)
        elif self._flask_name(value.func, "Blueprint"):
            for name in names:
                self.facts.blueprints.append(
                    BlueprintFact(
                        var=name,
                        name=_str(_kw(value, "name", 0)),
                        url_prefix=_str(_kw(value, "url_prefix")),
                        template_folder=_str(_kw(value, "template_folder")),
                        line=value.lineno,
                    )
                )

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assign(node.targets, node.value)
        if (
            not self.function_stack
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "route"
            and _dotted(node.value.value)
        ):
            self.facts.route_aliases[node.targets[0].id] = _dotted(node.value.value) or ""
        target = node.targets[0]
        if (
            isinstance(target, ast.Attribute)
            and target.attr == "login_view"
            and _dotted(target.value) in self.facts.login_managers
        ):
            self.facts.login_view = _str(node.value)
        for target in node.targets:
            if (isinstance(target, ast.Attribute) and target.attr == "secret_key") or (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Attribute)
                and target.value.attr == "config"
                and _str(target.slice) == "SECRET_KEY"
            ):
                self.facts.sets_secret_key = True
        if isinstance(node.value, ast.Call):
            self.visit_Call(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._assign([node.target], node.value)
        if isinstance(node.value, ast.Call):
            self.visit_Call(node.value)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        callee = _dotted(func)
        if callee:
            for position, arg in enumerate(node.args):
                if isinstance(arg, ast.Name) and arg.id in self.facts.apps:
                    self.facts.app_arguments.append((callee, position))
        if (  # ``app.route("/x", methods=[...])(view)``: add_url_rule("/x", view_func=view)
            isinstance(func, ast.Call)
            and isinstance(func.func, ast.Attribute)
            and func.func.attr == "route"
            and len(node.args) == 1
            and not node.keywords
        ):
            owner = _dotted(func.func.value)
            view_name = _dotted(node.args[0])
            if owner and view_name:
                self.facts.routes.append(
                    RouteFact(
                        owner=owner,
                        rule=_str(_kw(func, "rule", 0)),
                        methods=_methods(_kw(func, "methods")),
                        endpoint=_str(_kw(func, "endpoint")) or view_name.rpartition(".")[2],
                        view=view_name,
                        line=node.lineno,
                        via="add_url_rule",
                    )
                )
        if isinstance(func, ast.Attribute):
            owner = _dotted(func.value)
            if owner and func.attr == "add_url_rule":
                view = _kw(node, "view_func", 2)
                endpoint = _str(_kw(node, "endpoint", 1))
                view_name = _dotted(view) if view is not None else None
                as_view = _as_view(view) if isinstance(view, ast.Call) else None
                if as_view is None and view_name in self.facts.as_views:
                    as_view = self.facts.as_views[view_name]
                if as_view is not None:
                    view_name = as_view.view_class
                    endpoint = endpoint or as_view.endpoint
                self.facts.routes.append(
                    RouteFact(
                        owner=owner,
                        rule=_str(_kw(node, "rule", 0)),
                        methods=_methods(_kw(node, "methods")),
                        endpoint=endpoint,
                        view=view_name,
                        line=node.lineno,
                        via="add_url_rule",
                        class_view=as_view is not None,
                        dynamic_methods=_kw(node, "methods") is not None
                        and _methods(_kw(node, "methods")) is None,
                    )
                )
            elif (
                func.attr in ("from_mapping", "update")
                and isinstance(func.value, ast.Attribute)
                and func.value.attr == "config"
                and any(k.arg == "SECRET_KEY" for k in node.keywords)
            ):
                self.facts.sets_secret_key = True
            elif owner in self.facts.apis and func.attr == "add_resource" and node.args:
                resource = _dotted(node.args[0])
                endpoint = _str(_kw(node, "endpoint")) or (
                    resource.rpartition(".")[2].lower() if resource else None
                )
                dynamic = any(isinstance(a, ast.Starred) for a in node.args) or any(
                    k.arg is None or k.arg.startswith("resource_class") for k in node.keywords
                )
                for url in node.args[1:]:
                    self.facts.routes.append(
                        RouteFact(
                            owner=self.facts.apis[owner],
                            rule=None if dynamic else _str(url),
                            endpoint=endpoint,
                            view=resource,
                            line=node.lineno,
                            via="add_resource",
                            class_view=True,
                        )
                    )
            elif owner and func.attr == "register_blueprint" and node.args:
                blueprint = _dotted(node.args[0])
                if blueprint:
                    self.facts.registrations.append(
                        RegistrationFact(
                            owner=owner,
                            blueprint=blueprint,
                            url_prefix=_str(_kw(node, "url_prefix")),
                            line=node.lineno,
                        )
                    )


def _as_view(node: ast.Call) -> AsViewFact | None:
    """``Cls.as_view("endpoint", ...)`` -> its facts."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "as_view":
        view_class = _dotted(func.value)
        if view_class:
            return AsViewFact(view_class=view_class, endpoint=_str(_kw(node, "name", 0)))
    return None


# Flask names whose FastAPI form needs the request
_REQUEST_BOUND = frozenset(
    f"flask.{name}"
    for name in (
        "request",
        "session",
        "g",
        "current_app",
        "url_for",
        "flash",
        "render_template",
        "get_flashed_messages",
    )
)


def _request_wrapper(
    node: ast.FunctionDef | ast.AsyncFunctionDef, imports: dict[str, str]
) -> str | None:
    """``def deco(f): def wrapper(*args, **kwargs): ...request...; return wrapper``.

    Returns the wrapper's ``**kwargs`` name when ``node`` is such a decorator.
    """
    if len(node.args.args) != 1 or not node.body:
        return None
    last = node.body[-1]
    if not (isinstance(last, ast.Return) and isinstance(last.value, ast.Name)):
        return None
    for inner in node.body:
        if (
            isinstance(inner, ast.FunctionDef)
            and inner.name == last.value.id
            and inner.args.vararg is not None
            and inner.args.kwarg is not None
        ):
            requests = {n for n, q in imports.items() if q in _REQUEST_BOUND}
            names = [n for n in ast.walk(inner) if isinstance(n, ast.Name) and n.id in requests]
            if any(isinstance(n.ctx, ast.Store) for n in names):
                return None  # the wrapper binds its own request (already converted)
            if names:
                return inner.args.kwarg.arg
    return None


_CONFIG = re.compile(rb"\b\w+\.config\b|\.testing\s*=[^=]")  # tests set app.testing: a config key


def collect(
    rel_path: str,
    source: bytes,
    has_static_dir: bool = False,
    tree: ast.Module | None = None,
    shadowed: frozenset[str] = frozenset(),
) -> ModuleFacts:
    """The facts of one module. Raises SyntaxError/ValueError for unparsable input.

    ``shadowed``: framework names the project's own modules take in its imports (see
    :func:`shadowed_frameworks`)."""
    module = module_name(rel_path)
    facts = ModuleFacts(
        path=rel_path,
        module=module,
        mentions_flask=b"flask" in source.lower(),
        uses_config=_CONFIG.search(source) is not None,
        has_static_dir=has_static_dir,
    )
    if tree is None:
        tree = ast.parse(source, filename=rel_path)
    is_package = PurePosixPath(rel_path).name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    _Collector(facts, package, shadowed).statements(tree.body)
    facts.request_readers = request_readers(tree, facts.imports, source)
    if facts.apis:
        facts.api_other_uses = _api_other_uses(tree, set(facts.apis))
    return facts


def _api_other_uses(tree: ast.Module, apis: set[str]) -> bool:
    """Whether an ``Api`` variable is used other than as ``api = Api(...)`` and
    ``api.add_resource(...)``."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_resource"
            and isinstance(node.func.value, ast.Name)
        ):
            allowed.add(id(node.func.value))
    return any(
        isinstance(node, ast.Name)
        and node.id in apis
        and isinstance(node.ctx, ast.Load)
        and id(node) not in allowed
        for node in ast.walk(tree)
    )


_CLIENT_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "open"})


def response_helpers(tree: ast.Module) -> set[str]:
    """Methods of test classes whose every return is a test client call
    (``def login(self): return self.client.post(...)``)."""
    found: set[str] = set()
    for klass in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for method in klass.body:
            if not isinstance(method, ast.FunctionDef):
                continue
            returns = [n for n in ast.walk(method) if isinstance(n, ast.Return)]
            if returns and all(_client_call(r.value) for r in returns):
                found.add(method.name)
    return found


def _client_call(node: ast.expr | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _CLIENT_METHODS
        and "client" in ast.unparse(node.func.value)
    )
