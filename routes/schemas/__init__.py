"""Marshmallow schemas of the API: they validate requests, shape responses and generate the OpenAPI document."""
