package dev.parallelrun.notificationservice.notification;

import org.springframework.data.jpa.repository.JpaRepository;

interface NotificationRepository extends JpaRepository<Notification, Long>, NotificationInserts {
}
