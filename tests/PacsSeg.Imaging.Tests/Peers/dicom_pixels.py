#!/usr/bin/python3
"""Prints what pydicom makes of one image: real values (pixel_array * slope + intercept, x fastest) and geometry."""
import json, os, sys
import numpy as np
import pydicom
from pydicom.data import get_testdata_file

name = sys.argv[1]
path = name if os.path.exists(name) else get_testdata_file(name)
ds = pydicom.dcmread(path)
values = ds.pixel_array.astype(np.float64) * float(getattr(ds, 'RescaleSlope', 1)) + float(getattr(ds, 'RescaleIntercept', 0))
print(json.dumps({
    'path': path,
    'values': values.ravel().tolist(),
    'rows': ds.Rows, 'cols': ds.Columns,
    'ipp': [float(x) for x in ds.ImagePositionPatient],
    'iop': [float(x) for x in ds.ImageOrientationPatient],
    'spacing': [float(x) for x in ds.PixelSpacing],
}))
