"""What iddiff (the IETF author tools' diff) asks for: a document revision and its predecessor.

``latest(name, rev)`` answers ``/api/rfcdiff-latest-json/<name>[-<rev>]`` with the original
Datatracker's lookup rules:

* a name of digits, or starting with "rfc" (any case, spaces and leading zeros ignored), is an
  RFC, whatever revision is given; other names are drafts;
* a draft not found under ``name`` with a revision given is tried under ``<name>-<rev>`` (the
  URL's split of a name ending in digits may be wrong: ``draft-ietf-tsvwg-ieee-802-11``);
* exactly one document must match, else None (the caller answers 404).

The answer names the revision (``name``, ``rev``, ``content_url``) and its predecessor
(``previous``, ``previous_url``): the revision before; for ``-00``, the draft it replaces or,
for a ``...-<n>bis-...`` draft, RFC ``<n>``; for an RFC (or a draft asked without revision that
became one), the draft's last revision — the one before it for the pre-2003 RFCs whose last
draft revision is a tombstone. A revision with no history is answered with a ``warning``.
"""

from __future__ import annotations

import re
from typing import Any

from dtapi.doc.models import Document

__all__ = ["HISTORY_NOT_FOUND", "latest"]

HISTORY_NOT_FOUND = "History for this version not found - these results are speculation"
DRAFT_URL = "https://www.ietf.org/archive/id/{name}-{rev}.txt"
RFC_URL = "https://www.rfc-editor.org/rfc/rfc{number}.txt"
_BIS = re.compile(r"-(rfc)?([0-9][0-9][0-9]+)bis(-.*)?$")

# RFCs whose draft's last revision is a tombstone (published after the RFC), so the RFC is
# compared with the revision before it.
HAS_TOMBSTONE = frozenset(
    [
        2821,
        2822,
        2873,
        2919,
        2961,
        3023,
        3029,
        3031,
        3032,
        3033,
        3034,
        3035,
        3036,
        3037,
        3038,
        3042,
        3044,
        3050,
        3052,
        3054,
        3055,
        3056,
        3057,
        3059,
        3060,
        3061,
        3062,
        3063,
        3064,
        3067,
        3068,
        3069,
        3070,
        3071,
        3072,
        3073,
        3074,
        3075,
        3076,
        3077,
        3078,
        3080,
        3081,
        3082,
        3084,
        3085,
        3086,
        3087,
        3088,
        3089,
        3090,
        3094,
        3095,
        3096,
        3097,
        3098,
        3101,
        3102,
        3103,
        3104,
        3105,
        3106,
        3107,
        3108,
        3109,
        3110,
        3111,
        3112,
        3113,
        3114,
        3115,
        3116,
        3117,
        3118,
        3119,
        3120,
        3121,
        3123,
        3124,
        3126,
        3127,
        3128,
        3130,
        3131,
        3132,
        3133,
        3134,
        3135,
        3136,
        3137,
        3138,
        3139,
        3140,
        3141,
        3142,
        3143,
        3144,
        3145,
        3147,
        3149,
        3150,
        3151,
        3152,
        3153,
        3154,
        3155,
        3156,
        3157,
        3158,
        3159,
        3160,
        3161,
        3162,
        3163,
        3164,
        3165,
        3166,
        3167,
        3168,
        3169,
        3170,
        3171,
        3172,
        3173,
        3174,
        3176,
        3179,
        3180,
        3181,
        3182,
        3183,
        3184,
        3185,
        3186,
        3187,
        3188,
        3189,
        3190,
        3191,
        3192,
        3193,
        3194,
        3197,
        3198,
        3201,
        3202,
        3203,
        3204,
        3205,
        3206,
        3207,
        3208,
        3209,
        3210,
        3211,
        3212,
        3213,
        3214,
        3215,
        3216,
        3217,
        3218,
        3220,
        3221,
        3222,
        3224,
        3225,
        3226,
        3227,
        3228,
        3229,
        3230,
        3231,
        3232,
        3233,
        3234,
        3235,
        3236,
        3237,
        3238,
        3240,
        3241,
        3242,
        3243,
        3244,
        3245,
        3246,
        3247,
        3248,
        3249,
        3250,
        3253,
        3254,
        3255,
        3256,
        3257,
        3258,
        3259,
        3260,
        3261,
        3262,
        3263,
        3264,
        3265,
        3266,
        3267,
        3268,
        3269,
        3270,
        3271,
        3272,
        3273,
        3274,
        3275,
        3276,
        3278,
        3279,
        3280,
        3281,
        3282,
        3283,
        3284,
        3285,
        3286,
        3287,
        3288,
        3289,
        3290,
        3291,
        3292,
        3293,
        3294,
        3295,
        3296,
        3297,
        3298,
        3301,
        3302,
        3303,
        3304,
        3305,
        3307,
        3308,
        3309,
        3310,
        3311,
        3312,
        3313,
        3315,
        3317,
        3318,
        3319,
        3320,
        3321,
        3322,
        3323,
        3324,
        3325,
        3326,
        3327,
        3329,
        3330,
        3331,
        3332,
        3334,
        3335,
        3336,
        3338,
        3340,
        3341,
        3342,
        3343,
        3346,
        3348,
        3349,
        3351,
        3352,
        3353,
        3354,
        3355,
        3356,
        3360,
        3361,
        3362,
        3363,
        3364,
        3366,
        3367,
        3368,
        3369,
        3370,
        3371,
        3372,
        3374,
        3375,
        3377,
        3378,
        3379,
        3383,
        3384,
        3385,
        3386,
        3387,
        3388,
        3389,
        3390,
        3391,
        3394,
        3395,
        3396,
        3397,
        3398,
        3401,
        3402,
        3403,
        3404,
        3405,
        3406,
        3407,
        3408,
        3409,
        3410,
        3411,
        3412,
        3413,
        3414,
        3415,
        3416,
        3417,
        3418,
        3419,
        3420,
        3421,
        3422,
        3423,
        3424,
        3425,
        3426,
        3427,
        3428,
        3429,
        3430,
        3431,
        3433,
        3434,
        3435,
        3436,
        3437,
        3438,
        3439,
        3440,
        3441,
        3443,
        3444,
        3445,
        3446,
        3447,
        3448,
        3449,
        3450,
        3451,
        3452,
        3453,
        3454,
        3455,
        3458,
        3459,
        3460,
        3461,
        3462,
        3463,
        3464,
        3465,
        3466,
        3467,
        3468,
        3469,
        3470,
        3471,
        3472,
        3473,
        3474,
        3475,
        3476,
        3477,
        3480,
        3481,
        3483,
        3485,
        3488,
        3494,
        3495,
        3496,
        3497,
        3498,
        3501,
        3502,
        3503,
        3504,
        3505,
        3506,
        3507,
        3508,
        3509,
        3511,
        3512,
        3515,
        3516,
        3517,
        3518,
        3520,
        3521,
        3522,
        3523,
        3524,
        3525,
        3527,
        3529,
        3530,
        3532,
        3533,
        3534,
        3536,
        3537,
        3538,
        3539,
        3541,
        3543,
        3544,
        3545,
        3546,
        3547,
        3548,
        3549,
        3550,
        3551,
        3552,
        3555,
        3556,
        3557,
        3558,
        3559,
        3560,
        3562,
        3563,
        3564,
        3565,
        3568,
        3569,
        3570,
        3571,
        3572,
        3573,
        3574,
        3575,
        3576,
        3577,
        3578,
        3579,
        3580,
        3581,
        3582,
        3583,
        3584,
        3588,
        3589,
        3590,
        3591,
        3592,
        3593,
        3594,
        3595,
        3597,
        3598,
        3601,
        3607,
        3609,
        3610,
        3612,
        3614,
        3615,
        3616,
        3625,
        3627,
        3630,
        3635,
        3636,
        3637,
        3638,
    ]
)


def _find(name: str, rev: str | None) -> tuple[list[Document], str | None]:
    if re.fullmatch(r"[0-9]+", name):
        name = f"rfc{name}"
    lowered = name.lower().replace(" ", "")
    if lowered.startswith("rfc"):
        digits = lowered[3:].split("-")[0]
        if not digits.isdigit():
            return [], None
        return list(Document.objects.filter(type="rfc", name=f"rfc{int(digits)}")[:2]), None
    docs = list(Document.objects.filter(type="draft", name=name)[:2])
    if rev and not docs:
        combined = f"{name}-{rev}"
        docs = list(Document.objects.filter(type="draft", name=combined)[:2])
        if docs:
            return docs, None
        # dtapi: also the split at the last two digits (the URL's split takes "01-02" as
        # one revision, so draft-a-01-02 at revision 01 is otherwise not found).
        last = re.fullmatch(r"(.+)-([0-9]{2})", combined)
        if last and last.group(1) != name:
            docs = list(Document.objects.filter(type="draft", name=last.group(1))[:2])
            return docs, last.group(2)
    return docs, rev


def _href(doc: Any, rev: str | None = None) -> str:
    if doc.type_id == "rfc":
        return RFC_URL.format(number=doc.rfc_number)
    return DRAFT_URL.format(name=doc.name, rev=rev if rev is not None else doc.rev)


def _previous_url(name: str, rev: str | None = None) -> str:
    """The content URL of ``name``-``rev`` as this lookup finds it ('' when it finds none)."""
    docs, found_rev = _find(name, rev)
    if len(docs) != 1:
        return ""
    return _href(docs[0], found_rev)


def _with_previous(answer: dict[str, str], name: str, rev: str | None = None) -> dict[str, str]:
    answer["previous"] = f"{name}-{rev}" if rev is not None else name
    answer["previous_url"] = _previous_url(name, rev)
    return answer


def _draft_rev_before(draft: Document, rfc: Document) -> str:
    rev = draft.rev
    if rfc.rfc_number in HAS_TOMBSTONE and rev != "00" and rev.isdigit():
        rev = f"{int(rev) - 1:02d}"
    return rev


def _rfc(rfc: Document, draft: Document | None) -> dict[str, str]:
    answer = {"content_url": _href(rfc), "name": rfc.name}
    if draft is not None:
        _with_previous(answer, draft.name, _draft_rev_before(draft, rfc))
    return answer


def _before_first(answer: dict[str, str], doc: Document, asked: str) -> dict[str, str]:
    """The predecessor of a -00: the replaced draft, or the RFC a -bis draft revises."""
    replaced = doc.related_that_doc("replaces")
    if replaced:
        return _with_previous(answer, replaced[0].name, replaced[0].rev)
    bis = _BIS.search(asked)
    if bis:
        return _with_previous(answer, f"rfc{bis.group(2)}")
    return answer


def _draft(doc: Document, rev: str, asked: str) -> dict[str, str]:
    answer = {"content_url": _href(doc, rev), "rev": rev, "name": doc.name}
    if rev == "00":
        return _before_first(answer, doc, asked)
    return _with_previous(answer, doc.name, f"{int(rev) - 1:02d}")


def latest(name: str, rev: str | None = None) -> dict[str, str] | None:
    """The answer for ``name`` (and ``rev``), or None when no single document matches."""
    docs, found_rev = _find(name, rev)
    if len(docs) != 1:
        return None
    doc = docs[0]
    if found_rev is not None and not found_rev.isdigit():
        return None
    if doc.type_id == "rfc":
        return _rfc(doc, doc.came_from_draft())
    if found_rev is None or found_rev == doc.rev:
        rfc = doc.became_rfc() if found_rev is None else None
        if rfc is not None:
            answer = {"content_url": _href(rfc), "name": rfc.name}
            return _with_previous(answer, doc.name, _draft_rev_before(doc, rfc))
        if not doc.rev.isdigit():
            return None
        return _draft(doc, doc.rev, name)
    if doc.history_set.filter(rev=found_rev).exists():
        return _draft(doc, found_rev, name)
    answer = {"warning": HISTORY_NOT_FOUND, **_draft(doc, found_rev, name)}
    return answer
