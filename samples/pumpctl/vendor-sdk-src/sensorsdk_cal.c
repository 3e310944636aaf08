/* SPDX-License-Identifier: LicenseRef-Acme-SensorSDK-EULA */
/* SPDX-FileCopyrightText: 2015-2026 Acme Medical Sensors Ltd. */
#include "sensorsdk_internal.h"

/* Zero calibration: the line is open to atmosphere, so every sample should
 * read 0 mmHg (gauge).  Average the raw counts and store the offset. */
int acme_sensor_calibrate_zero(acme_sensor_dev *dev, unsigned samples)
{
	int64_t sum = 0;
	int32_t saved_ramp;

	if (dev == NULL || samples == 0 || samples > 1024)
		return ACME_ERR_PARAM;
	if (!dev->is_open)
		return ACME_ERR_NOT_OPEN;
	if (dev->fault)
		return ACME_ERR_SENSOR;

	saved_ramp = dev->occlusion_ramp;
	dev->occlusion_ramp = 0;
	for (unsigned i = 0; i < samples; i++)
		sum += acme__sample_raw(dev) -
		       ACME_SIM_BASELINE_DMMHG * ACME_COUNTS_PER_DMMHG;
	dev->occlusion_ramp = saved_ramp;

	dev->zero_offset_raw = (int32_t)(sum / (int64_t)samples);
	dev->calibrated = 1;
	return ACME_OK;
}

int32_t acme__raw_to_dmmhg(const acme_sensor_dev *dev, int32_t raw)
{
	int32_t counts = raw - dev->zero_offset_raw;

	/* round to nearest, symmetric around zero */
	if (counts >= 0)
		return (counts + ACME_COUNTS_PER_DMMHG / 2) / ACME_COUNTS_PER_DMMHG;
	return -((-counts + ACME_COUNTS_PER_DMMHG / 2) / ACME_COUNTS_PER_DMMHG);
}
