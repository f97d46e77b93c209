"""Geocoding: the offline GeoNames gazetteer, optional online geocoders, and their cache."""
