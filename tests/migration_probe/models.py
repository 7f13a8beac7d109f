from django.db import models


class Probe(models.Model):
    note = models.CharField(max_length=20)
    size = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["size"], name="probe_size_idx")]

    def __str__(self):
        return self.note
