"""The route x role matrix: what every persona gets from every URL of the project.

One row per URL pattern. `path` is a concrete URL; `{name}` placeholders are
filled with sample objects made by `tests/test_access_matrix.py::samples`.
Expected answers, in the order of PERSONAS:

    200  the page            302  redirect to a login page   R    redirect elsewhere
    403  forbidden           404  not found                  405  method not allowed

A URL pattern with no row here fails the matrix test: every new view must say
who may use it. Admin pages are described per model by what each staff
persona may do there (v view, a add, c change, d delete), see `admin_model`.
"""

PERSONAS = ["anonymous", "caseworker", "caseworker2", "supervisor", "inspector", "coordinator", "admin"]
STAFF = {"supervisor", "admin"}


def row(path: str, codes: str) -> tuple[str, dict[str, str]]:
    values = codes.split()
    assert len(values) == len(PERSONAS), f"{path}: {len(values)} codes for {len(PERSONAS)} personas"
    return path, dict(zip(PERSONAS, values, strict=True))


def admin_model(url: str, sample: str, **rights: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Rows for one ModelAdmin's pages. `rights` maps each staff persona to the
    letters of what it may do; every other persona is bounced to the login."""

    def answer(persona: str, needed: str) -> str:
        if persona not in STAFF:
            return "302"
        return "200" if set(needed) & set(rights.get(persona, "")) else "403"

    def codes(needed: str) -> dict[str, str]:
        return {persona: answer(persona, needed) for persona in PERSONAS}

    base = f"admin/{url}/"
    obj = f"/admin/{url}/{sample}/"
    return {
        base: (f"/{base}", codes("vc")),
        base + "add/": (f"/{base}add/", codes("a")),
        base + "<path:object_id>/history/": (obj + "history/", codes("vc")),
        base + "<path:object_id>/delete/": (obj + "delete/", codes("d")),
        base + "<path:object_id>/change/": (obj + "change/", codes("vc")),
        # The bare object URL redirects to its change page for everyone.
        base + "<path:object_id>/": (obj, {persona: "302" if persona not in STAFF else "R" for persona in PERSONAS}),
    }


# fmt: off
MATRIX: dict[str, tuple[str, dict[str, str]]] = {
    # route: row(example path,                                                                     expected answer per persona)
    #                                                                                            anon cw  cw2 sup ins coo adm
    "": row("/",                                                                                 "302 200 200 200 200 200 200"),
    "healthz/": row("/healthz/",                                                                 "200 200 200 200 200 200 200"),
    "i18n/setlang/": row("/i18n/setlang/",                                                       "R   R   R   R   R   R   R  "),
    "accounts/login/": row("/accounts/login/",                                                   "200 R   R   R   R   R   R  "),
    "accounts/logout/": row("/accounts/logout/",                                                 "302 405 405 405 405 405 405"),
    "accounts/password/": row("/accounts/password/",                                             "302 200 200 200 200 200 200"),
    "accounts/password/done/": row("/accounts/password/done/",                                   "302 200 200 200 200 200 200"),
    # --- admin site -------------------------------------------------------
    "admin/": row("/admin/",                                                                     "302 302 302 200 302 302 200"),
    "admin/search/": row("/admin/search/?s=kota",                                                "302 302 302 200 302 302 200"),
    "admin/login/": row("/admin/login/",                                                         "200 200 200 R   200 200 R  "),
    "admin/logout/": row("/admin/logout/",                                                       "302 R   R   405 R   R   405"),
    "admin/password_change/": row("/admin/password_change/",                                     "302 302 302 200 302 302 200"),
    "admin/password_change/done/": row("/admin/password_change/done/",                           "302 302 302 200 302 302 200"),
    "admin/autocomplete/": row("/admin/autocomplete/",                                           "302 302 302 403 302 302 403"),
    "admin/jsi18n/": row("/admin/jsi18n/",                                                       "302 302 302 200 302 302 200"),
    "admin/r/<path:content_type_id>/<path:object_id>/": row("/admin/r/{user_ct}/{user}/",        "302 302 302 404 302 302 404"),
    "admin/^(?P<app_label>core|auth)/$": row("/admin/core/",                                     "302 302 302 200 302 302 200"),
    "admin/(?P<url>.*)$": row("/admin/no-such-page/",                                            "302 302 302 404 302 302 404"),
    "admin/core/user/<id>/password/": row("/admin/core/user/{user}/password/",                   "302 302 302 403 302 302 200"),
    **admin_model("core/user", "{user}", supervisor="v", admin="vacd"),
    **admin_model("auth/group", "{group}", admin="vacd"),
    **admin_model("core/province", "{province}", supervisor="v", admin="v"),
    **admin_model("core/regency", "{regency}", supervisor="v", admin="v"),
    **admin_model("core/district", "{district}", supervisor="v", admin="v"),
    **admin_model("core/village", "{village}", supervisor="v", admin="v"),
}
# fmt: on
