/* SPDX-License-Identifier: LicenseRef-Acme-SensorSDK-EULA */
/* SPDX-FileCopyrightText: 2015-2026 Acme Medical Sensors Ltd. */
#include "sensorsdk_internal.h"

#include <string.h>

/* xorshift32: deterministic sensor noise for the simulator. */
static uint32_t acme_noise(acme_sensor_dev *dev)
{
	uint32_t x = dev->noise_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	dev->noise_state = x;
	return x;
}

int acme_sensor_open(acme_sensor_dev *dev, unsigned channel,
		     enum acme_sensor_mode mode)
{
	if (dev == NULL || channel > 3 || mode != ACME_SENSOR_MODE_SIM)
		return ACME_ERR_PARAM;
	memset(dev, 0, sizeof(*dev));
	dev->channel = channel;
	dev->noise_state = 0x2545F491u ^ (channel * 0x9E3779B9u);
	dev->bridge_offset_raw = 37 + (int32_t)channel * 11;
	dev->is_open = 1;
	return ACME_OK;
}

int32_t acme__sample_raw(acme_sensor_dev *dev)
{
	int32_t dmmhg = ACME_SIM_BASELINE_DMMHG + dev->occlusion_ramp;
	int32_t noise = (int32_t)(acme_noise(dev) % 9u) - 4; /* +-4 counts */

	if (dev->occlusion_ramp > 0)
		dev->occlusion_ramp += 450; /* +45 mmHg per sample */
	return dmmhg * ACME_COUNTS_PER_DMMHG + dev->bridge_offset_raw + noise;
}

int acme_sensor_read(acme_sensor_dev *dev, acme_sensor_sample *out)
{
	if (dev == NULL || out == NULL)
		return ACME_ERR_PARAM;
	if (!dev->is_open)
		return ACME_ERR_NOT_OPEN;
	if (!dev->calibrated)
		return ACME_ERR_NOT_CALIBRATED;
	if (dev->fault)
		return ACME_ERR_SENSOR;

	out->pressure_mmhg_x10 = acme__raw_to_dmmhg(dev, acme__sample_raw(dev));
	out->air_ul = dev->pending_bubble ? 75u : 0u;
	dev->pending_bubble = 0;
	out->temp_c_x10 = (int16_t)(231 + (int)(acme_noise(dev) % 5u));
	out->seq = ++dev->seq;
	return ACME_OK;
}

int acme_sensor_sim_inject(acme_sensor_dev *dev, enum acme_sim_event ev)
{
	if (dev == NULL || !dev->is_open)
		return ACME_ERR_NOT_OPEN;
	switch (ev) {
	case ACME_SIM_NONE:
		dev->occlusion_ramp = 0;
		dev->pending_bubble = 0;
		dev->fault = 0;
		return ACME_OK;
	case ACME_SIM_OCCLUSION:
		dev->occlusion_ramp = 1;
		return ACME_OK;
	case ACME_SIM_AIR_BUBBLE:
		dev->pending_bubble = 1;
		return ACME_OK;
	case ACME_SIM_SENSOR_FAULT:
		dev->fault = 1;
		return ACME_OK;
	}
	return ACME_ERR_PARAM;
}

void acme_sensor_close(acme_sensor_dev *dev)
{
	if (dev != NULL)
		dev->is_open = 0;
}

const char *acme_sensor_sdk_version(void)
{
	return "Acme SensorSDK " ACME_SENSORSDK_VERSION " (sim)";
}

const char *acme_strerror(int status)
{
	switch (status) {
	case ACME_OK:
		return "ok";
	case ACME_ERR_PARAM:
		return "invalid parameter";
	case ACME_ERR_NOT_OPEN:
		return "sensor not open";
	case ACME_ERR_SENSOR:
		return "sensor hardware fault";
	case ACME_ERR_NOT_CALIBRATED:
		return "sensor not zero-calibrated";
	default:
		return "unknown error";
	}
}
