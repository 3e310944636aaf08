/* SPDX-License-Identifier: LicenseRef-Acme-SensorSDK-EULA */
/* SPDX-FileCopyrightText: 2015-2026 Acme Medical Sensors Ltd. */
/* Internal to the SDK build; not installed. */
#ifndef ACME_SENSORSDK_INTERNAL_H
#define ACME_SENSORSDK_INTERNAL_H

#include <stddef.h>

#include "sensorsdk.h"

/* Raw ADC counts per 0.1 mmHg of the IPS-200 bridge. */
#define ACME_COUNTS_PER_DMMHG 4
/* Simulated line pressure at the programmed rate, 0.1 mmHg. */
#define ACME_SIM_BASELINE_DMMHG 520

int32_t acme__sample_raw(acme_sensor_dev *dev);
int32_t acme__raw_to_dmmhg(const acme_sensor_dev *dev, int32_t raw);

#endif
