from django.db import models


class Consultation(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)

    def __str__(self):
        return self.title
