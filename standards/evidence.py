"""Photos taken during a check (R29): checked by what the file is, not by its name, and
stored without EXIF — a phone's photo carries the place and time it was taken, and the
shopper's movements are nobody's business. Orientation is applied before EXIF goes."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

#: A phone's photo is 2–6 MB; more is not a photo of a place.
MAX_BYTES = 10 * 1024 * 1024
#: Pixels, so that a small file cannot unpack into gigabytes (a decompression bomb).
MAX_PIXELS = 24_000_000
#: A photo is stored no larger than this on its longer side: enough to read a sign.
MAX_SIDE = 4096
#: Photos sent with one form.
MAX_PER_REQUEST = 10
#: Formats accepted, as Pillow names them, with the type and extension stored.
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_PER_CHECK = 30


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def clean_photo(data: bytes, *, field: str = "photos") -> Photo:
    """The photo re-encoded without EXIF, XMP or comments, or a ValidationError naming
    ``field`` that says what is wrong."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            {
                field: _("Фото больше {mb} МБ: уменьшите его и загрузите снова.").format(
                    mb=MAX_BYTES // (1024 * 1024)
                )
            }
        )
    wrong_type = ValidationError({field: _("Загрузите фото в формате JPEG, PNG или WebP.")})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format or ""
                probe.verify()
            if kind not in FORMATS:
                raise wrong_type
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError({field: _("Фото слишком большое по числу точек.")})
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError({field: _("Фото слишком большое по числу точек.")}) from None
    except ValidationError:
        raise
    except Exception:  # a damaged or crafted file breaks Pillow in many ways: not a photo
        raise wrong_type from None
    kind = "JPEG" if kind == "MPO" else kind
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    upright.info.clear()  # EXIF, XMP, comments: nothing but the pixels goes on
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    options = {"quality": 88} if kind in ("JPEG", "WEBP") else {}
    upright.save(out, format=kind, **options)
    content_type, extension = FORMATS[kind]
    return Photo(out.getvalue(), content_type, extension, upright.width, upright.height)
