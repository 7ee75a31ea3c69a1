"""Several bases in one session: their input layers and unnamed layers share Keras's name counters."""
import tensorflow as tf
from tensorflow.keras.applications import VGG16, MobileNetV3Small, Xception
from tensorflow.keras.applications.densenet import DenseNet121
from tensorflow.keras.applications.mobilenet import MobileNet

vgg = VGG16(weights=None, include_top=False, input_shape=(64, 64, 3), pooling="max")
small = MobileNet(weights=None, classes=3, input_shape=(128, 128, 3), alpha=0.5)
v3 = MobileNetV3Small(weights=None, input_shape=(96, 96, 3), minimalistic=True, classes=4)
xception = Xception(weights=None, include_top=False, input_shape=(96, 96, 3))
dense = DenseNet121(weights=None, include_top=False, input_shape=(64, 64, 3), pooling="avg")

model = tf.keras.Sequential([dense, tf.keras.layers.Dense(2)])
