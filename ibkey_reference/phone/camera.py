"""Camera optics: what a phone held in front of a screen sees, and whether zbar reads a QR code in it."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from ibkey_reference import qr

MAX_TILT_DEGREES = 80.0


@dataclass(frozen=True)
class CameraView:
    """How the phone is held: distance to the screen, lens, tilt, focus and where the lens points."""

    distance_cm: float = 25
    lens: Literal["rear", "front"] = "rear"
    tilt_degrees: float = 0  # the code appears rotated by it and squeezed across by cos(tilt)
    focus_distance_cm: float | None = None  # None: autofocus on the screen
    aim: tuple[float, float] | None = None  # fractions of the screen image's width and height

    def __post_init__(self) -> None:
        if not self.distance_cm > 0:
            raise ValueError(f"distance_cm must be positive, got {self.distance_cm}")
        if self.lens not in ("rear", "front"):
            raise ValueError(f"lens must be 'rear' or 'front', got {self.lens!r}")
        if not abs(self.tilt_degrees) <= MAX_TILT_DEGREES:
            raise ValueError(f"tilt_degrees must be within ±{MAX_TILT_DEGREES:g}, got {self.tilt_degrees}")
        if self.focus_distance_cm is not None and not self.focus_distance_cm > 0:
            raise ValueError(f"focus_distance_cm must be positive or None, got {self.focus_distance_cm}")
        if self.aim is not None and not all(0 <= fraction <= 1 for fraction in self.aim):
            raise ValueError(f"aim must be two fractions between 0 and 1, got {self.aim}")


class Camera:
    """A phone camera whose whole optical model is the constants below."""

    # A grayscale preview frame, as QR scanners read luminance at preview resolution.
    SENSOR_SIZE = (640, 480)
    # One screenshot pixel lands on one sensor pixel at this distance; apparent size goes as 1/distance.
    # With a 96 dpi screen that is a field of view of about 32 degrees across the 640 pixels.
    REFERENCE_DISTANCE_CM = 30.0
    # Phone lenses cannot focus closer than this, so a code held nearer is always blurred.
    MIN_FOCUS_CM = 10.0
    # Even in focus, lens and sensor spread a point over about a pixel.
    LENS_BLUR_PX = 0.6
    # Defocus blur grows with the error in dioptres (1/m), as the circle of confusion does.
    BLUR_PX_PER_DIOPTRE = 2.0
    DEPTH_OF_FIELD_DIOPTRES = 0.3
    # What surrounds the screenshot: the screen's bezel and the desk.
    BEZEL_GREY = 24

    def __init__(self, *, noise_level: float = 0.0, seed: int = 0) -> None:
        self.noise_level = noise_level  # uniform sensor noise, ± this many grey levels
        self._rng = random.Random(seed)

    def capture(self, screen: bytes | Image.Image, view: CameraView) -> Image.Image:
        """The grayscale frame the sensor records while pointed at `screen` (a screenshot)."""
        if view.lens == "front":
            return self._add_noise(self._users_face())
        frame = self._project(qr.grey_image(screen), view)
        frame = frame.filter(ImageFilter.GaussianBlur(self.blur_radius(view)))
        return self._add_noise(frame)

    def scan(self, screen: bytes | Image.Image, view: CameraView) -> list[str]:
        """The texts of the QR codes recognized in the frame captured from `screen`."""
        return qr.decode_texts(self.capture(screen, view))

    def find_working_distance(
        self,
        screen: bytes | Image.Image,
        distances: Iterable[float] = (25, 20, 30, 15, 40, 10, 50),
        view: CameraView | None = None,
    ) -> float | None:
        """The first distance, tried in order, at which a QR code is recognized; None if none works."""
        base = view or CameraView()
        for distance in distances:
            if self.scan(screen, replace(base, distance_cm=distance)):
                return distance
        return None

    def blur_radius(self, view: CameraView) -> float:
        """The Gaussian blur radius in sensor pixels for the focus error of `view`."""
        focus = view.focus_distance_cm if view.focus_distance_cm is not None else view.distance_cm
        focus = max(focus, self.MIN_FOCUS_CM)
        defocus = abs(100 / view.distance_cm - 100 / focus)
        return self.LENS_BLUR_PX + self.BLUR_PX_PER_DIOPTRE * max(0.0, defocus - self.DEPTH_OF_FIELD_DIOPTRES)

    def _project(self, screen: Image.Image, view: CameraView) -> Image.Image:
        scale = self.REFERENCE_DISTANCE_CM / view.distance_cm
        tilt = math.radians(view.tilt_degrees)
        scale_x, scale_y = scale * math.cos(tilt), scale
        aim_x, aim_y = view.aim or (0.5, 0.5)
        centre_x, centre_y = aim_x * screen.width, aim_y * screen.height
        # Crop before scaling: magnifying a whole screenshot for a 3 cm view would take gigabytes.
        reach = math.hypot(*self.SENSOR_SIZE) / 2 / min(scale_x, scale_y) + 2
        left, top = max(0, math.floor(centre_x - reach)), max(0, math.floor(centre_y - reach))
        right = min(screen.width, math.ceil(centre_x + reach))
        bottom = min(screen.height, math.ceil(centre_y + reach))
        width, height = self.SENSOR_SIZE
        if right <= left or bottom <= top:
            return Image.new("L", self.SENSOR_SIZE, self.BEZEL_GREY)
        region = screen.crop((left, top, right, bottom))
        # Resizing filters the pixels, so a far screen averages modules away instead of aliasing them.
        scaled = region.resize(
            (max(1, round(region.width * scale_x)), max(1, round(region.height * scale_y))),
            Image.Resampling.LANCZOS,
        )
        actual_x, actual_y = scaled.width / region.width, scaled.height / region.height
        aim_in_scaled = ((centre_x - left) * actual_x, (centre_y - top) * actual_y)
        cos, sin = math.cos(tilt), math.sin(tilt)
        # Maps each sensor pixel, rotated by the tilt around the frame centre, to a pixel of `scaled`.
        inverse = (
            cos, -sin, aim_in_scaled[0] - cos * width / 2 + sin * height / 2,
            sin, cos, aim_in_scaled[1] - sin * width / 2 - cos * height / 2,
        )  # fmt: skip
        return scaled.transform(
            self.SENSOR_SIZE,
            Image.Transform.AFFINE,
            inverse,
            resample=Image.Resampling.BICUBIC,
            fillcolor=self.BEZEL_GREY,
        )

    def _users_face(self) -> Image.Image:
        # The front lens faces the person holding the phone, never the screen.
        width, height = self.SENSOR_SIZE
        frame = Image.new("L", self.SENSOR_SIZE, 90)
        ImageDraw.Draw(frame).ellipse((width * 0.3, height * 0.1, width * 0.7, height * 0.95), fill=175)
        return frame.filter(ImageFilter.GaussianBlur(8))

    def _add_noise(self, frame: Image.Image) -> Image.Image:
        amplitude = round(self.noise_level)
        if amplitude <= 0:
            return frame
        noise = Image.frombytes("L", frame.size, self._rng.randbytes(frame.width * frame.height))
        noise = noise.point(lambda level: level * 2 * amplitude // 255)
        return ImageChops.add(frame, noise, offset=-amplitude)
