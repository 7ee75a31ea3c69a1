"""Every keras.applications constructor, built with weights=None, recorded one per process (memory)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

APPLICATIONS = (
    "VGG16 VGG19 ResNet50 ResNet101 ResNet152 ResNet50V2 ResNet101V2 ResNet152V2 InceptionV3 InceptionResNetV2 "
    "Xception MobileNet MobileNetV2 MobileNetV3Small MobileNetV3Large DenseNet121 DenseNet169 DenseNet201 "
    "NASNetMobile NASNetLarge EfficientNetB0 EfficientNetB1 EfficientNetB2 EfficientNetB3 EfficientNetB4 "
    "EfficientNetB5 EfficientNetB6 EfficientNetB7 EfficientNetV2B0 EfficientNetV2B1 EfficientNetV2B2 "
    "EfficientNetV2B3 EfficientNetV2S EfficientNetV2M EfficientNetV2L ConvNeXtTiny ConvNeXtSmall ConvNeXtBase "
    "ConvNeXtLarge ConvNeXtXLarge").split()


def _record_one(name: str, out_dir: str) -> None:
    import keras

    from . import record

    model = getattr(keras.applications, name)(weights=None)
    record.write_fixtures(model, Path(out_dir), name)


def record_all(out_dir: Path, names=APPLICATIONS) -> None:
    context = multiprocessing.get_context("spawn")
    for name in names:
        process = context.Process(target=_record_one, args=(name, str(out_dir)))
        process.start()
        process.join()
        print(name, "ok" if process.exitcode == 0 else f"FAILED ({process.exitcode})", flush=True)
