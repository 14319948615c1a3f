"""gradscape.render and export: the CLI's pixels and files, errors, and Ctrl+C leaving nothing behind."""

import textwrap

import numpy as np
import pytest

import gradscape
from conftest import SCENES, interrupt_child, read_png, run_cli

ARTICLE = SCENES / "article.json"


def test_render_is_the_cli_export_pixel_for_pixel(tmp_path):
    scene = gradscape.load(ARTICLE)
    for frame, size, azimuth in [(None, (1200, 900), None), (40, (640, 480), 30.0)]:
        image = gradscape.render(scene, frame=frame, size=size, azimuth=azimuth)
        assert image.shape == (size[1], size[0], 4) and image.dtype == np.uint8
        out = tmp_path / f"still-{frame}.png"
        args = ["export", ARTICLE, "-o", out, "--size", f"{size[0]}x{size[1]}", "--quiet"]
        if frame is not None:
            args += ["--frame", frame]
        if azimuth is not None:
            args += ["--azimuth", azimuth]
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        expected = read_png(out)
        assert np.array_equal(image, expected), f"{np.count_nonzero((image != expected).any(axis=2))} pixels differ"


def test_views_are_the_cli_exports_views(tmp_path):
    # view= overrides the scene's view.mode as `gradscape export --view` does: the same pixels, the same bytes.
    scene = gradscape.load(ARTICLE)
    for view in ("2d", "split"):
        image = gradscape.render(scene, frame=60, size=(640, 480), view=view)
        out = tmp_path / f"{view}.png"
        result = run_cli("export", ARTICLE, "-o", out, "--size", "640x480", "--frame", 60, "--view", view, "--quiet")
        assert result.returncode == 0, result.stderr
        expected = read_png(out)
        assert np.array_equal(image, expected), f"{view}: {np.count_nonzero((image != expected).any(axis=2))} pixels differ"
        assert not np.array_equal(image, gradscape.render(scene, frame=60, size=(640, 480))), view
    gradscape.export(scene, tmp_path / "py.gif", size=(320, 240), every=40, view="split")
    run_cli("export", ARTICLE, "-o", tmp_path / "cli.gif", "--size", "320x240", "--every", "40", "--view", "split", "--quiet")
    assert (tmp_path / "py.gif").read_bytes() == (tmp_path / "cli.gif").read_bytes()
    # The scene's own view.mode is what None shows.
    two_d = gradscape.Scene({**scene.to_dict(), "view": {"mode": "2d"}})
    assert np.array_equal(gradscape.render(two_d, frame=60, size=(640, 480)),
                          gradscape.render(scene, frame=60, size=(640, 480), view="2d"))


def test_every_scene_key_of_the_picture_reaches_render(tmp_path):
    # The GL thread keeps its renderer between calls: a scene whose legend title, colour scale or view differ
    # from the previous call's must still draw as `gradscape export` draws it (the legend title once did not).
    plain = gradscape.Scene({"surface": "rosenbrock", "runs": [{"start": [-1.5, 2], "iterations": 40}]})
    gradscape.render(plain, size=(480, 360), view="split")
    titled = gradscape.Scene({**plain.to_dict(), "legend": {"title": "Optimizer"}, "render": {"color_scale": "log"}})
    titled.save(tmp_path / "titled.json")
    for view in ("3d", "2d", "split"):
        image = gradscape.render(titled, size=(480, 360), view=view)
        out = tmp_path / f"titled-{view}.png"
        result = run_cli("export", tmp_path / "titled.json", "-o", out, "--size", "480x360", "--view", view, "--quiet")
        assert result.returncode == 0, result.stderr
        expected = read_png(out)
        assert np.array_equal(image, expected), f"{view}: {np.count_nonzero((image != expected).any(axis=2))} pixels differ"


def test_render_shows_the_surface_and_the_paths():
    scene = gradscape.load(ARTICLE)
    first, last = gradscape.render(scene, frame=0), gradscape.render(scene)
    rgb = last[:, :, :3].astype(int)
    # coolwarm's blue and red ends on the saddle, a white background in the corner, opaque everywhere.
    assert (last[:, :, 3] == 255).all()
    assert (rgb[0, 0] == 255).all()
    assert ((rgb[:, :, 2] - rgb[:, :, 0]) > 80).sum() > 10_000
    assert ((rgb[:, :, 0] - rgb[:, :, 2]) > 80).sum() > 10_000
    # The paths grow: frame 200 differs from frame 0, and again the same frame renders the same pixels.
    assert (first != last).any(axis=2).sum() > 200
    assert np.array_equal(gradscape.render(scene, frame=0), first)


def test_render_and_export_argument_errors(tmp_path):
    scene = gradscape.load(ARTICLE)
    with pytest.raises(ValueError, match=r"^render: size=\(0, 900\): width and height must be 1..8192$"):
        gradscape.render(scene, size=(0, 900))
    with pytest.raises(ValueError, match=r"^frame=201: out of range, the scene's frames are 0..200$"):
        gradscape.render(scene, frame=201)
    with pytest.raises(ValueError, match=r"^export: unknown option 'colour'"):
        gradscape.export(scene, tmp_path / "a.gif", colour=1)
    with pytest.raises(ValueError, match=r"^export: frame does not apply to GIF output \(a .png still\)$"):
        gradscape.export(scene, tmp_path / "a.gif", frame=3)
    with pytest.raises(ValueError, match=r"^unknown output format for .*a.bmp"):
        gradscape.export(scene, tmp_path / "a.bmp")
    with pytest.raises(OSError, match=r"^cannot write .*/missing/a.png: directory .*/missing does not exist$"):
        gradscape.export(scene, tmp_path / "missing" / "a.png")
    assert list(tmp_path.iterdir()) == []


def test_export_gif_and_png_like_the_cli(tmp_path):
    scene = gradscape.load(ARTICLE)
    info = gradscape.export(scene, tmp_path / "py.gif", size=(300, 225), every=20, fps=10)
    assert info["frames"] == 11 and info["width"] == 300
    run_cli("export", ARTICLE, "-o", tmp_path / "cli.gif", "--size", "300x225", "--every", "20", "--fps", "10", "--quiet")
    assert (tmp_path / "py.gif").read_bytes() == (tmp_path / "cli.gif").read_bytes()
    gradscape.export(scene, tmp_path / "py.png", size=(300, 225), frame=7)
    run_cli("export", ARTICLE, "-o", tmp_path / "cli.png", "--size", "300x225", "--frame", "7", "--quiet")
    assert (tmp_path / "py.png").read_bytes() == (tmp_path / "cli.png").read_bytes()


def test_ctrl_c_interrupts_an_export_and_leaves_no_file(tmp_path):
    # A long orbit GIF in a child python; SIGINT once it is under way; KeyboardInterrupt, no file, no temporary.
    out = tmp_path / "long.gif"
    script = textwrap.dedent(f"""
        import sys, gradscape
        scene = gradscape.load({str(ARTICLE)!r})
        print("started", flush=True)
        try:
            gradscape.export(scene, {str(out)!r}, orbit=360, size=(400, 300))
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        print("finished", flush=True)
    """)
    # The temporary appears beside OUT once the export is under way.
    returncode, stdout, stderr, _ = interrupt_child(script, ready=lambda: bool(list(tmp_path.iterdir())))
    assert returncode == 3, stderr
    assert stdout == "interrupted\n"
    assert list(tmp_path.iterdir()) == []
