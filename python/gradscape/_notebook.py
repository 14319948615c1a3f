"""Pictures in notebooks: a Scene's inline PNG and gradscape.show's inline animation (HTML5 video or GIF)."""

import base64
import os
import shutil
import tempfile

from . import _gradscape


def png_bytes(image):
    """PNG bytes of an H x W x 4 uint8 image, encoded as ``gradscape export`` encodes stills."""
    return _gradscape.encode_png(image)


class Image:
    """A still that a notebook shows inline (``_repr_png_``); ``.data`` holds the PNG bytes."""

    def __init__(self, data):
        self.data = data

    def _repr_png_(self):
        return self.data


class Animation:
    """An animation that a notebook shows inline: ``.data`` (bytes) of ``.mimetype`` video/mp4 or image/gif."""

    def __init__(self, data, mimetype):
        self.data = data
        self.mimetype = mimetype

    def _repr_html_(self):
        encoded = base64.b64encode(self.data).decode("ascii")
        if self.mimetype == "video/mp4":
            # As matplotlib's Animation.to_html5_video: a looping, controllable <video>.
            return f'<video controls autoplay loop><source type="video/mp4" src="data:video/mp4;base64,{encoded}"></video>'
        return f'<img src="data:image/gif;base64,{encoded}"/>'


def show(scene, animate=True, size=(800, 600), format=None, **options):
    """Shows a scene inline in a notebook: its animation (animate=True) or its last frame.

    The animation is an MP4 in an HTML5 <video> when ffmpeg is there, a GIF otherwise (``format``:
    "mp4" or "gif" to choose). Other options are ``gradscape.export``'s.
    """
    from . import export, render

    if not animate:
        return Image(png_bytes(render(scene, size=size, **options)))
    if format is None:
        format = "mp4" if shutil.which("ffmpeg") else "gif"
    if format not in ("mp4", "gif"):
        raise ValueError(f"show: format={format!r}: expected 'mp4' or 'gif'")
    with tempfile.TemporaryDirectory(prefix="gradscape-show-") as directory:
        path = os.path.join(directory, "animation." + format)
        export(scene, path, size=size, **options)
        with open(path, "rb") as file:
            data = file.read()
    return Animation(data, "video/mp4" if format == "mp4" else "image/gif")
