"""Random regularization layers: dropouts, noise, activity regularization."""

from .base import MakerBase


class RegularizationLayers(MakerBase):
    def spatial_dropout(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault == "wrong_rank":
            rank = self.rng.choice([r for r in (1, 2, 3) if r != n - 1])
        elif fault is not None or not 1 <= rank <= 3:
            return None
        kwargs = {"rate": self.rng.choice([0.1, 0.2, 0.5])}
        if rank > 1:
            self.fmt(kwargs)
        if self.chance(0.2):
            kwargs["seed"] = self.rng.randint(0, 99)
        return f"SpatialDropout{rank}D", kwargs, dims

    def dropout(self, dims, fault):
        if fault is not None:
            return None
        return "Dropout", {"rate": self.rng.choice([0.1, 0.25, 0.5])}, dims

    def gaussian_noise(self, dims, fault):
        if fault is not None:
            return None
        return "GaussianNoise", {"stddev": self.rng.choice([0.1, 0.2])}, dims

    def gaussian_dropout(self, dims, fault):
        if fault is not None:
            return None
        return "GaussianDropout", {"rate": self.rng.choice([0.1, 0.3])}, dims

    def activity_regularization(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if self.chance(0.5):
            kwargs["l1"] = 0.01
        if self.chance(0.5):
            kwargs["l2"] = 0.001
        return "ActivityRegularization", kwargs, dims
