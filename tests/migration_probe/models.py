from django.db import models


class Probe(models.Model):
    note = models.CharField(max_length=20)

    def __str__(self):
        return self.note
