/* SPDX-License-Identifier: LicenseRef-Acme-SensorSDK-EULA */
/* SPDX-FileCopyrightText: 2015-2026 Acme Medical Sensors Ltd. */
/*
 * Acme SensorSDK - driver API for Acme IPS-200 infusion-line pressure and
 * ultrasonic air-in-line sensors.
 *
 * This build of the SDK talks to a built-in simulator (ACME_SENSOR_MODE_SIM);
 * the hardware back end is selected at SDK build time and is not included
 * in evaluation kits.
 */
#ifndef ACME_SENSORSDK_H
#define ACME_SENSORSDK_H

#include <stdint.h>

#define ACME_SENSORSDK_VERSION_MAJOR 3
#define ACME_SENSORSDK_VERSION_MINOR 7
#define ACME_SENSORSDK_VERSION_PATCH 2
#define ACME_SENSORSDK_VERSION "3.7.2"
#define ACME_SENSORSDK_VERSION_NUM \
	((ACME_SENSORSDK_VERSION_MAJOR << 16) | (ACME_SENSORSDK_VERSION_MINOR << 8) | \
	 ACME_SENSORSDK_VERSION_PATCH)

#ifdef __cplusplus
extern "C" {
#endif

enum acme_status {
	ACME_OK = 0,
	ACME_ERR_PARAM = -1,
	ACME_ERR_NOT_OPEN = -2,
	ACME_ERR_SENSOR = -3,
	ACME_ERR_NOT_CALIBRATED = -4
};

enum acme_sensor_mode { ACME_SENSOR_MODE_SIM = 1 };

/* Simulator only: inject a physical event into the next samples. */
enum acme_sim_event {
	ACME_SIM_NONE = 0,
	ACME_SIM_OCCLUSION,  /* downstream pressure starts to ramp */
	ACME_SIM_AIR_BUBBLE, /* one air bubble passes the detector */
	ACME_SIM_SENSOR_FAULT
};

typedef struct acme_sensor_sample {
	int32_t pressure_mmhg_x10; /* downstream line pressure, 0.1 mmHg */
	uint16_t air_ul;           /* air volume seen since last sample, uL */
	int16_t temp_c_x10;        /* fluid temperature, 0.1 degC */
	uint32_t seq;
} acme_sensor_sample;

typedef struct acme_sensor_dev {
	/* private - do not touch */
	unsigned channel;
	int is_open;
	int calibrated;
	int32_t bridge_offset_raw; /* true offset of the transducer */
	int32_t zero_offset_raw;   /* offset estimated by calibration */
	uint32_t noise_state;
	uint32_t seq;
	int32_t occlusion_ramp;
	int pending_bubble;
	int fault;
} acme_sensor_dev;

/* sensorsdk.c */
int acme_sensor_open(acme_sensor_dev *dev, unsigned channel,
		     enum acme_sensor_mode mode);
int acme_sensor_read(acme_sensor_dev *dev, acme_sensor_sample *out);
int acme_sensor_sim_inject(acme_sensor_dev *dev, enum acme_sim_event ev);
void acme_sensor_close(acme_sensor_dev *dev);
const char *acme_sensor_sdk_version(void);
const char *acme_strerror(int status);

/* sensorsdk_cal.c - zero-point calibration (line open to atmosphere). */
int acme_sensor_calibrate_zero(acme_sensor_dev *dev, unsigned samples);

#ifdef __cplusplus
}
#endif

#endif /* ACME_SENSORSDK_H */
