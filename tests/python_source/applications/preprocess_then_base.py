"""preprocess_input on the input tensor before a base, as keras.io's examples do: called on the base's output,
given as its input_tensor, and inside a feature extractor."""
import keras
from keras import layers
from keras.applications import resnet

inputs = layers.Input((64, 64, 3))
x = keras.applications.mobilenet_v2.preprocess_input(inputs)
backbone = keras.applications.MobileNetV2(weights="imagenet", include_top=False, input_shape=(64, 64, 3))
backbone.trainable = False
x = backbone(x)
x = layers.Dropout(0.3)(x)
keypoints = keras.Model(inputs, layers.SeparableConv2D(4, kernel_size=2, activation="sigmoid")(x), name="keypoints")

image = keras.Input(shape=(64, 64, 3))
preprocessed = resnet.preprocess_input(image)
resnet50 = keras.applications.ResNet50(weights="imagenet", include_top=False, input_tensor=preprocessed)
x = resnet50.get_layer("conv4_block6_2_relu").output
x = layers.Conv2D(8, 1)(x)
segmenter = keras.Model(image, x)


def build_feature_extractor():
    feature_extractor = keras.applications.DenseNet121(weights="imagenet", include_top=False, pooling="avg",
                                                       input_shape=(32, 32, 3))
    preprocess_input = keras.applications.densenet.preprocess_input
    frames = keras.Input((32, 32, 3))
    return keras.Model(frames, feature_extractor(preprocess_input(frames)), name="feature_extractor")


extractor = build_feature_extractor()
