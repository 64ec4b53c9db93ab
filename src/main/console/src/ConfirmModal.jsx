import React from 'react'
import { Button, Modal, ModalVariant } from '@patternfly/react-core'

/** Asks before an action runs; children are the action's inputs. */
export const ConfirmModal = ({ title, isOpen, onConfirm, onCancel, confirmLabel, children, busy }) => (
  <Modal
    variant={ModalVariant.small}
    title={title}
    isOpen={isOpen}
    onClose={onCancel}
    actions={[
      <Button key='confirm' variant='primary' data-testid='confirm-action' onClick={onConfirm} isDisabled={busy}>
        {confirmLabel || 'Confirm'}
      </Button>,
      <Button key='cancel' variant='link' onClick={onCancel}>
        Cancel
      </Button>,
    ]}
  >
    {children}
  </Modal>
)
