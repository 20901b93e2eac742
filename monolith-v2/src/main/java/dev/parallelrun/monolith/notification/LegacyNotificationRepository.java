package dev.parallelrun.monolith.notification;

import org.springframework.data.jpa.repository.JpaRepository;

interface LegacyNotificationRepository extends JpaRepository<LegacyNotification, Long> {
}
